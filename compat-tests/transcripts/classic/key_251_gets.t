# gets with an over-long key
>>> gets {repeat:251:z}\r\n
<<< CLIENT_ERROR bad command line format\r\n
