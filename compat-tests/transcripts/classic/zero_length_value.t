# zero-length values are stored and returned
>>> set z0 0 0 0\r\n\r\n
<<< STORED\r\n
>>> get z0\r\n
<<< VALUE z0 0 0\r\n\r\n
<<< END\r\n
>>> gets z0\r\n
<<< VALUE z0 0 0 1\r\n\r\n
<<< END\r\n
