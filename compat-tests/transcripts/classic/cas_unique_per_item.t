# every store gets a distinct, increasing CAS; gets of several keys reports each
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> set c 0 0 1\r\n3\r\n
<<< STORED\r\n
>>> gets a b c\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< VALUE b 0 1 2\r\n2\r\n
<<< VALUE c 0 1 3\r\n3\r\n
<<< END\r\n
>>> set b 0 0 1\r\n4\r\n
<<< STORED\r\n
>>> gets c b a\r\n
<<< VALUE c 0 1 3\r\n3\r\n
<<< VALUE b 0 1 4\r\n4\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< END\r\n
