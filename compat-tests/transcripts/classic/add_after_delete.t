# add works again after a delete
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> delete k\r\n
<<< DELETED\r\n
>>> add k 3 0 1\r\nb\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 3 1\r\nb\r\n
<<< END\r\n
