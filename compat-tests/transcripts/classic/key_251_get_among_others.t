# one 251-byte key among valid keys: values before it are sent, then the error, no END
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> get a {repeat:251:k} b\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> get a b\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
