# a non-numeric data length
>>> set k 0 0 abc\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> set k 0 0 1x\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< END\r\n
