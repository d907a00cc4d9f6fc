# exptime handling is the same for add, replace and cas
>>> add a 0 -1 1\r\n1\r\n
<<< STORED\r\n
>>> get a\r\n
<<< END\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> replace b 0 2592001 1\r\n3\r\n
<<< STORED\r\n
>>> get b\r\n
<<< END\r\n
>>> set c 0 0 1\r\n4\r\n
<<< STORED\r\n
>>> gets c\r\n
<<< VALUE c 0 1 4\r\n4\r\n
<<< END\r\n
>>> cas c 0 -1 1 {cas:1}\r\n5\r\n
<<< STORED\r\n
>>> get c\r\n
<<< END\r\n
