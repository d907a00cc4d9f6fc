# a value "1\r\n" (3 bytes) is not a number
>>> set n 0 0 3\r\n1\r\n\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 2\r\n
