# incr and decr return the new value
>>> set n 0 0 1\r\n5\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 6\r\n
>>> incr n 10\r\n
<<< 16\r\n
>>> decr n 3\r\n
<<< 13\r\n
>>> get n\r\n
<<< VALUE n 0 2\r\n13\r\n
<<< END\r\n
