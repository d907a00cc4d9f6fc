# the legacy time argument 0 is accepted
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> delete k 0\r\n
<<< DELETED\r\n
>>> delete k 0\r\n
<<< NOT_FOUND\r\n
