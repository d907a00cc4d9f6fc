# gat with a non-numeric exptime is an invalid exptime argument
>>> set t 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> gat abc t\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
>>> gats x t\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
>>> gat 1x t\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
