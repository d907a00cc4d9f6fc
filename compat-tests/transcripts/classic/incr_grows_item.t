# incr 99 -> 100 needs a longer value
>>> set n 0 0 2\r\n99\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 100\r\n
>>> get n\r\n
<<< VALUE n 0 3\r\n100\r\n
<<< END\r\n
