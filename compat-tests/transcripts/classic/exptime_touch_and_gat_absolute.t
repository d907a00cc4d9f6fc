# touch and gat with an absolute past time or just over 30 days expire the item
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> touch a 2592001\r\n
<<< TOUCHED\r\n
>>> gat 1000000000 b\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
>>> get a b\r\n
<<< END\r\n
