# a non-numeric exptime is a bad command line, and the data line becomes a command
>>> set k 0 abc 1\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< END\r\n
