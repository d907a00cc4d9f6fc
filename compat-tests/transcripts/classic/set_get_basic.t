# set then get returns the value with its flags; a miss returns only END
>>> set a 5 0 3\r\nabc\r\n
<<< STORED\r\n
>>> get a\r\n
<<< VALUE a 5 3\r\nabc\r\n
<<< END\r\n
>>> get b\r\n
<<< END\r\n
>>> gets a\r\n
<<< VALUE a 5 3 1\r\nabc\r\n
<<< END\r\n
>>> cas a 0 0 1 {cas:1}\r\nz\r\n
<<< STORED\r\n
>>> gets a\r\n
<<< VALUE a 0 1 2\r\nz\r\n
<<< END\r\n
