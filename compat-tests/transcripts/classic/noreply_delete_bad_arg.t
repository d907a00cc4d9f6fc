# delete with a non-zero time and noreply
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> delete k 5 noreply\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
