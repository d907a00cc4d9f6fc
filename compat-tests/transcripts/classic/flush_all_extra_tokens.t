# flush_all with too many tokens
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all 0 noreply extra\r\n
<<< ERROR\r\n
>>> flush_all 0 bogus\r\n
<<< OK\r\n
>>> get a\r\n
<<< END\r\n
