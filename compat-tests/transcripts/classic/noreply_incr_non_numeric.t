# incr noreply on a non-numeric value: the error is suppressed
>>> set k 0 0 3\r\nabc\r\n
<<< STORED\r\n
>>> incr k 1 noreply\r\n
<<<
>>> decr k 1 noreply\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 3\r\nabc\r\n
<<< END\r\n
