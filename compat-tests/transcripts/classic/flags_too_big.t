# flags beyond 64 bits are a bad command line (the data line then parses as a command)
>>> set k 18446744073709551616 0 1\r\nv\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< END\r\n
