# ma D sets the delta; large deltas wrap incr modulo 2^64.
>>> ms n2 2\r\n10\r\nma n2 D32 v\r\n
<<< HD\r\n
<<< VA 2\r\n42\r\n
>>> ms n3 20\r\n18446744073709551615\r\nma n3 v\r\n
<<< HD\r\n
<<< VA 1\r\n0\r\n
>>> ma n3 D18446744073709551615 v\r\n
<<< VA 20\r\n18446744073709551615\r\n
