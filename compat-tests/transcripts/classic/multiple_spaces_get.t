# several spaces between keys, and a trailing space, on get
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> get  a   b \r\n
<<< VALUE a 0 1\r\n1\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
