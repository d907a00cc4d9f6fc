# gets of several keys returns each CAS
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> gets a missing b\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< VALUE b 0 1 2\r\n2\r\n
<<< END\r\n
