# a value with leading spaces counts as a number
>>> set n 0 0 2\r\n 5\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 6\r\n
>>> get n\r\n
<<< VALUE n 0 2\r\n6 \r\n
<<< END\r\n
