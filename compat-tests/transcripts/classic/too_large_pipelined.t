# a too-large set in the middle of a pipeline: commands after it are processed
>>> set a 0 0 1\r\n1\r\nset big 0 0 1100000\r\n{repeat:1100000:x}\r\nset b 0 0 1\r\n2\r\nget a big b\r\n
<<< STORED\r\n
<<< SERVER_ERROR object too large for cache\r\n
<<< STORED\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
