# touch with a negative exptime expires the key
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> touch k -1\r\n
<<< TOUCHED\r\n
>>> get k\r\n
<<< END\r\n
