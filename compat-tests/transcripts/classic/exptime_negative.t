# a negative exptime stores an already expired item
>>> set k 0 -1 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< END\r\n
>>> set k2 0 -1000 1\r\nv\r\n
<<< STORED\r\n
>>> get k2\r\n
<<< END\r\n
