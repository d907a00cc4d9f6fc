# a bad data chunk inside a pipeline
>>> set a 0 0 1\r\n1\r\nset b 0 0 2\r\nxyz\r\nget a b\r\n
<<< STORED\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
