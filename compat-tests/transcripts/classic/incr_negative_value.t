# a stored "-5" is not a number for incr
>>> set n 0 0 2\r\n-5\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> decr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
