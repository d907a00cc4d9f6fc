# a key listed twice is returned twice
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> get a a a\r\n
<<< {repeat:3:VALUE a 0 1\r\n1\r\n}
<<< END\r\n
>>> gets a a\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< END\r\n
