# the \r and \n after the data arrive separately
>>> set k 0 0 2\r\nab\r
<<<
@sleep 0.3
>>> \n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 2\r\nab\r\n
<<< END\r\n
