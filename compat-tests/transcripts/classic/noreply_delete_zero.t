# legacy delete k 0 noreply
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> delete k 0 noreply\r\n
<<<
>>> get k\r\n
<<< END\r\n
