# touch without an exptime is ERROR
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> touch k\r\n
<<< ERROR\r\n
>>> touch\r\n
<<< ERROR\r\n
