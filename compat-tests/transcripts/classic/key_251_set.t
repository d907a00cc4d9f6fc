# a 251-byte key on set is rejected without swallowing: the data line is then parsed as a command
>>> set {repeat:251:k} 0 0 1\r\nx\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> get {repeat:250:k}\r\n
<<< END\r\n
