# negative flags are a bad command line
>>> set k -1 0 1\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< END\r\n
