# appending and prepending zero bytes, and appending to a zero-length value
>>> set k 0 0 0\r\n\r\n
<<< STORED\r\n
>>> append k 0 0 2\r\nab\r\n
<<< STORED\r\n
>>> prepend k 0 0 0\r\n\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 2\r\nab\r\n
<<< END\r\n
