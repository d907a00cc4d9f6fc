# incr/decr noreply: silent on success and NOT_FOUND
>>> incr n 1 noreply\r\n
<<<
>>> set n 0 0 2\r\n10\r\n
<<< STORED\r\n
>>> incr n 5 noreply\r\n
<<<
>>> decr n 3 noreply\r\n
<<<
>>> get n\r\n
<<< VALUE n 0 2\r\n12\r\n
<<< END\r\n
