# decr 100 -> 99 answers 99 but stores "99 " (padded in place to the old length)
>>> set n 0 0 3\r\n100\r\n
<<< STORED\r\n
>>> decr n 1\r\n
<<< 99\r\n
>>> get n\r\n
<<< VALUE n 0 3\r\n99 \r\n
<<< END\r\n
>>> decr n 90\r\n
<<< 9\r\n
>>> get n\r\n
<<< VALUE n 0 3\r\n9  \r\n
<<< END\r\n
