# ma M modes: I and + increment, D and - decrement (clamped at 0); anything else is an error.
>>> ms n4 2\r\n10\r\nma n4 MI v\r\nma n4 M+ v\r\nma n4 MD v\r\nma n4 M- v\r\n
<<< HD\r\n
<<< VA 2\r\n11\r\n
<<< VA 2\r\n12\r\n
<<< VA 2\r\n11\r\n
<<< VA 2\r\n10\r\n
>>> ma n4 MD D100 v\r\n
<<< VA 1\r\n0\r\n
>>> ma n4 Mi v\r\nma n4 Md v\r\n
<<< CLIENT_ERROR invalid mode for ma M token\r\n
<<< CLIENT_ERROR invalid mode for ma M token\r\n
>>> ma n4 MX v\r\n
<<< CLIENT_ERROR invalid mode for ma M token\r\n
>>> ma n4 MII v\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n4 M v\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
