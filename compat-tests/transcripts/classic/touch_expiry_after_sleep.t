# touch extends an item that would otherwise expire
>>> set k 0 2 1\r\nv\r\n
<<< STORED\r\n
>>> touch k 100\r\n
<<< TOUCHED\r\n
@sleep 3.2
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
