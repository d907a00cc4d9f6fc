# flush_all 2: items stay visible until the delay passes, then vanish
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all 2\r\n
<<< OK\r\n
>>> get a\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
@sleep 3.2
>>> get a\r\n
<<< END\r\n
