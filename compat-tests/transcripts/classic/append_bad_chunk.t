# append with a wrong data length is a bad data chunk and leaves the value alone
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> append k 0 0 1\r\nbcd\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
