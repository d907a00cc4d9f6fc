# an unknown token where noreply would be is ignored
>>> set x 0 0 1 bogus\r\nv\r\n
<<< STORED\r\n
>>> get x\r\n
<<< VALUE x 0 1\r\nv\r\n
<<< END\r\n
