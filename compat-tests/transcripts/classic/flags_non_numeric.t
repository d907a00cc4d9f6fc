# non-numeric flags are a bad command line
>>> set k abc 0 1\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> set k 1x 0 1\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
