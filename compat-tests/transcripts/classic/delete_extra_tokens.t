# delete with too many tokens
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> delete k 0 noreply extra\r\n
<<< ERROR\r\n
>>> delete k noreply extra\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
