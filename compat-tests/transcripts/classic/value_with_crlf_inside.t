# the data block may contain \r\n; only the length counts
>>> set k 0 0 8\r\nab\r\ncd\r\n\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 8\r\nab\r\ncd\r\n\r\n
<<< END\r\n
