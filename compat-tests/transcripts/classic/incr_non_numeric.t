# non-numeric values cannot be incremented
>>> set n 0 0 3\r\nabc\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> decr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> get n\r\n
<<< VALUE n 0 3\r\nabc\r\n
<<< END\r\n
