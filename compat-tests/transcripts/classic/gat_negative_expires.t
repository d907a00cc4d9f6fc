# gat with a negative exptime returns the value and expires it
>>> set t 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> gat -1 t\r\n
<<< VALUE t 0 1\r\nv\r\n
<<< END\r\n
>>> get t\r\n
<<< END\r\n
