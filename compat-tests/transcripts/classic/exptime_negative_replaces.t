# a negative exptime on an existing key makes it disappear
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> set k 0 -1 1\r\nw\r\n
<<< STORED\r\n
>>> get k\r\n
<<< END\r\n
