# incr from three connections
>>> set n 0 0 1\r\n0\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 1\r\n
>>> [B] incr n 1\r\n
<<< [B] 2\r\n
>>> [C] incr n 1\r\n
<<< [C] 3\r\n
>>> get n\r\n
<<< VALUE n 0 1\r\n3\r\n
<<< END\r\n
