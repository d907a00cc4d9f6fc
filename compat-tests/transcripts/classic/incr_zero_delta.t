# incr by 0 rewrites the same number
>>> set n 0 0 3\r\n 42\r\n
<<< STORED\r\n
>>> incr n 0\r\n
<<< 42\r\n
>>> get n\r\n
<<< VALUE n 0 3\r\n42 \r\n
<<< END\r\n
