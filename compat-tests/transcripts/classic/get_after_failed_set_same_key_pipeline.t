# a failed set and a get of the same key in one write
>>> set k 0 0 1\r\nv\r\nset k 0 0 2\r\nabc\r\nget k\r\n
<<< STORED\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
