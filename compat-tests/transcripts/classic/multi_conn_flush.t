# flush_all on one connection affects the others
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> [B] flush_all\r\n
<<< [B] OK\r\n
>>> get a\r\n
<<< END\r\n
