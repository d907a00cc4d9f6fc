# a padded value ("99 ") can be incremented again
>>> set n 0 0 3\r\n100\r\n
<<< STORED\r\n
>>> decr n 1\r\n
<<< 99\r\n
>>> incr n 1\r\n
<<< 100\r\n
>>> get n\r\n
<<< VALUE n 0 3\r\n100\r\n
<<< END\r\n
>>> incr n 900\r\n
<<< 1000\r\n
>>> get n\r\n
<<< VALUE n 0 4\r\n1000\r\n
<<< END\r\n
