# delete: DELETED, then NOT_FOUND
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> delete k\r\n
<<< DELETED\r\n
>>> delete k\r\n
<<< NOT_FOUND\r\n
>>> get k\r\n
<<< END\r\n
