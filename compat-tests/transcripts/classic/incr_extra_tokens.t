# tokens after the delta are ignored (other than noreply)
>>> set n 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> incr n 1 2\r\n
<<< 2\r\n
>>> incr n 1 noreply 3\r\n
<<< ERROR\r\n
>>> get n\r\n
<<< VALUE n 0 1\r\n2\r\n
<<< END\r\n
