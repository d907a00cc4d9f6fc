# a bare \n terminates a command line as well as \r\n
>>> get x\n
<<< END\r\n
>>> set x 0 0 1\nv\r\n
<<< STORED\r\n
>>> get x\n
<<< VALUE x 0 1\r\nv\r\n
<<< END\r\n
>>> delete x\n
<<< DELETED\r\n
>>> version\n
<<< VERSION 1.6.18\r\n
