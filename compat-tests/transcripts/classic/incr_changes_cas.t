# incr assigns a new CAS (in place and when the value grows)
>>> set n 0 0 2\r\n10\r\n
<<< STORED\r\n
>>> gets n\r\n
<<< VALUE n 0 2 1\r\n10\r\n
<<< END\r\n
>>> incr n 1\r\n
<<< 11\r\n
>>> gets n\r\n
<<< VALUE n 0 2 2\r\n11\r\n
<<< END\r\n
>>> incr n 100\r\n
<<< 111\r\n
>>> gets n\r\n
<<< VALUE n 0 3 3\r\n111\r\n
<<< END\r\n
