# an item with exptime 2 is there at once and gone 3.2 s later
>>> set k 0 2 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
@sleep 3.2
>>> get k\r\n
<<< END\r\n
>>> add k 0 0 1\r\nw\r\n
<<< STORED\r\n
