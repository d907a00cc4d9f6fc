# a too-large set removes the key's old value
>>> set big 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> set big 0 0 1100000\r\n{repeat:1100000:x}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> get big\r\n
<<< END\r\n
