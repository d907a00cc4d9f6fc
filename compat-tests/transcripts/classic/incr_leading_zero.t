# a leading zero is fine
>>> set n 0 0 2\r\n07\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 8\r\n
>>> get n\r\n
<<< VALUE n 0 2\r\n8 \r\n
<<< END\r\n
