# a negative data length is a bad command line
>>> set k 0 0 -1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> get k\r\n
<<< END\r\n
