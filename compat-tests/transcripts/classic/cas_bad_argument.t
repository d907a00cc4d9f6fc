# a non-numeric or negative cas unique
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> cas k 0 0 1 abc\r\nb\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> cas k 0 0 1 -1\r\nb\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
