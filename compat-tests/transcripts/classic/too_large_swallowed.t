# a value over the item size limit (1 MiB) is refused and its data swallowed; the connection stays usable
>>> set big 0 0 1100000\r\n{repeat:1100000:x}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> get big\r\n
<<< END\r\n
>>> set small 0 0 1\r\ns\r\n
<<< STORED\r\n
