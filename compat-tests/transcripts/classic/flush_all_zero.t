# flush_all 0 is an immediate flush
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all 0\r\n
<<< OK\r\n
>>> get a\r\n
<<< END\r\n
