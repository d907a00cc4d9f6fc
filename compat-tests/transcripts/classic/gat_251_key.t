# gat with an over-long key
>>> gat 10 {repeat:251:g}\r\n
<<< CLIENT_ERROR bad command line format\r\n
