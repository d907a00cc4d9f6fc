# an absolute time in the future (2033) keeps the item
>>> set k 0 2000000000 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
