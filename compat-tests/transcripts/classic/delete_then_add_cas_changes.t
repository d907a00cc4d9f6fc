# a re-added key gets a new CAS
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\nv\r\n
<<< END\r\n
>>> delete k\r\n
<<< DELETED\r\n
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 2\r\nv\r\n
<<< END\r\n
