# append and prepend take no cas argument: the extra token is ignored like an unknown noreply
>>> set k 0 0 1\r\nm\r\n
<<< STORED\r\n
>>> append k 0 0 1 5\r\nz\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 2\r\nmz\r\n
<<< END\r\n
