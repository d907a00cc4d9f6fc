# a 251-byte key on get is a client error with no END
>>> get {repeat:251:k}\r\n
<<< CLIENT_ERROR bad command line format\r\n
