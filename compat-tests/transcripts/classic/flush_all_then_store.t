# items stored after a flush survive it
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all\r\n
<<< OK\r\n
@sleep 1.2
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> get a b\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
