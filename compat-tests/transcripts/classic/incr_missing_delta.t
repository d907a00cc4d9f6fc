# incr without a delta is ERROR
>>> set n 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> incr n\r\n
<<< ERROR\r\n
>>> decr\r\n
<<< ERROR\r\n
