# set overwrites value, flags and exptime of an existing item
>>> set k 1 0 3\r\nold\r\n
<<< STORED\r\n
>>> set k 2 0 5\r\nnewer\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 2 5\r\nnewer\r\n
<<< END\r\n
