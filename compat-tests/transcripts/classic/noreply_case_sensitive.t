# only lowercase noreply suppresses the reply; NOREPLY is an ignored token
>>> set k 0 0 1 NOREPLY\r\nv\r\n
<<< STORED\r\n
>>> delete k NOREPLY\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> incr k 1 NoReply\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
