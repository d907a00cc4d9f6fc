# delete with time arguments 00 and +0
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> delete k 00\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> delete k noreply 0\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
