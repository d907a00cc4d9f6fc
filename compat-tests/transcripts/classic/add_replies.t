# add stores only when the key is absent
>>> add k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> add k 0 0 1\r\nb\r\n
<<< NOT_STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
