# touch with a non-numeric exptime
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> touch k abc\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
>>> touch k 1x\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
