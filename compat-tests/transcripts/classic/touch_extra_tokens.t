# touch with extra tokens
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> touch k 10 noreply extra\r\n
<<< ERROR\r\n
>>> touch k 10 bogus\r\n
<<< TOUCHED\r\n
