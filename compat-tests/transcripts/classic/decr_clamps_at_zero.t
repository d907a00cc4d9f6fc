# decr never goes below zero
>>> set n 0 0 1\r\n5\r\n
<<< STORED\r\n
>>> decr n 10\r\n
<<< 0\r\n
>>> decr n 1\r\n
<<< 0\r\n
>>> get n\r\n
<<< VALUE n 0 1\r\n0\r\n
<<< END\r\n
