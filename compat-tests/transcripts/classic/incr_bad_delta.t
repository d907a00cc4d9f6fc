# the delta must be an unsigned 64-bit decimal
>>> set n 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> incr n -1\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
>>> incr n abc\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
>>> incr n 18446744073709551616\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
>>> decr n -1\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
>>> incr n 1x\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
>>> get n\r\n
<<< VALUE n 0 1\r\n1\r\n
<<< END\r\n
