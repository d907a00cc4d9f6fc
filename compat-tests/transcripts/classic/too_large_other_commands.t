# add, replace, append, prepend and cas with an oversized value
>>> set k 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> add n 0 0 1100000\r\n{repeat:1100000:a}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> replace k 0 0 1100000\r\n{repeat:1100000:r}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> set k 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> append k 0 0 1100000\r\n{repeat:1100000:p}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> prepend k 0 0 1100000\r\n{repeat:1100000:p}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> cas k 0 0 1100000 1\r\n{repeat:1100000:c}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> get k n\r\n
<<< VALUE k 0 1\r\nx\r\n
<<< END\r\n
