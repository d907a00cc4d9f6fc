# "5a" is not a number
>>> set n 0 0 2\r\n5a\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
