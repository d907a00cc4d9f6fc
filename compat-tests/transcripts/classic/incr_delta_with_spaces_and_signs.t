# delta tokens with a plus sign or leading zeros
>>> set n 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> incr n +5\r\n
<<< 6\r\n
>>> incr n 007\r\n
<<< 13\r\n
>>> decr n 0x10\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
