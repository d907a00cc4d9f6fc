# delete, incr, decr, touch, add and gat with a 251-byte key
>>> delete {repeat:251:k}\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> incr {repeat:251:k} 1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> decr {repeat:251:k} 1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> touch {repeat:251:k} 10\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> gat 10 {repeat:251:k}\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> add {repeat:251:k} 0 0 1\r\nx\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
