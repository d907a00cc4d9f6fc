# a data block that arrives in pieces is waited for
>>> set k 0 0 10\r\n01234
<<<
@sleep 0.3
>>> 56789\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 10\r\n0123456789\r\n
<<< END\r\n
