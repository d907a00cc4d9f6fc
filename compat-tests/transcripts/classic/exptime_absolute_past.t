# an absolute time in the past stores, but the item is already expired
>>> set k 0 1000000000 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< END\r\n
>>> add k 0 0 1\r\nw\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nw\r\n
<<< END\r\n
