# replace stores only when the key exists
>>> replace k 0 0 1\r\na\r\n
<<< NOT_STORED\r\n
>>> get k\r\n
<<< END\r\n
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> replace k 7 0 1\r\nb\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 7 1\r\nb\r\n
<<< END\r\n
