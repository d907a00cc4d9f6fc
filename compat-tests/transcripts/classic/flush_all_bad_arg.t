# a non-numeric delay is an invalid exptime argument and flushes nothing
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all abc\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
>>> flush_all 1x\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
>>> get a\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
