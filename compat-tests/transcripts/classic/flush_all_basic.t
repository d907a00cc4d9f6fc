# flush_all hides every item stored before it
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> flush_all\r\n
<<< OK\r\n
>>> get a b\r\n
<<< END\r\n
>>> add a 0 0 1\r\n3\r\n
<<< STORED\r\n
>>> get a\r\n
<<< VALUE a 0 1\r\n3\r\n
<<< END\r\n
