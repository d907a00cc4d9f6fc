# An unknown ms mode, or a mode token of the wrong length, is a client error.
>>> ms mm 1 MX\r\nz\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
>>> ms mm 1 MSS\r\nz\r\n
<<< CLIENT_ERROR incorrect length for M token\r\n
>>> ms mm 1 M\r\nz\r\n
<<< CLIENT_ERROR incorrect length for M token\r\n
>>> ms mm 1 MI\r\nz\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
>>> mg mm v\r\n
<<< EN\r\n
