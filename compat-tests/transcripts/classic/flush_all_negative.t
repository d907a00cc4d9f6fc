# flush_all -1 answers OK
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all -1\r\n
<<< OK\r\n
>>> get a\r\n
<<< END\r\n
