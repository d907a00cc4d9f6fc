# a non-zero time argument is a client error (note the two spaces in the message)
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> delete k 5\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> delete k abc\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
