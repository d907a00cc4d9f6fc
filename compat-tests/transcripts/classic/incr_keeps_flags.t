# incr and decr keep the item's flags
>>> set n 77 0 1\r\n1\r\n
<<< STORED\r\n
>>> incr n 100\r\n
<<< 101\r\n
>>> get n\r\n
<<< VALUE n 77 3\r\n101\r\n
<<< END\r\n
>>> decr n 100\r\n
<<< 1\r\n
>>> get n\r\n
<<< VALUE n 77 3\r\n1  \r\n
<<< END\r\n
