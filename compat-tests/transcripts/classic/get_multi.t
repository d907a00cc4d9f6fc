# get of several keys returns hits in request order and skips misses
>>> set a 1 0 1\r\n1\r\n
<<< STORED\r\n
>>> set c 3 0 3\r\n333\r\n
<<< STORED\r\n
>>> get a b c d\r\n
<<< VALUE a 1 1\r\n1\r\n
<<< VALUE c 3 3\r\n333\r\n
<<< END\r\n
>>> get d c b a\r\n
<<< VALUE c 3 3\r\n333\r\n
<<< VALUE a 1 1\r\n1\r\n
<<< END\r\n
