# verbosity without a level, with a bad level, and with extra tokens
>>> verbosity\r\n
<<< ERROR\r\n
>>> verbosity abc\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> verbosity 1 2 3\r\n
<<< ERROR\r\n
>>> verbosity 1 2\r\n
<<< OK\r\n
>>> verbosity -1\r\n
<<< CLIENT_ERROR bad command line format\r\n
