# incr noreply with an invalid delta
>>> set k 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> incr k abc noreply\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 1\r\n1\r\n
<<< END\r\n
