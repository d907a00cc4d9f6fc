# slabs automove with valid and invalid arguments
>>> slabs automove 0\r\n
<<< OK\r\n
>>> slabs automove 1\r\n
<<< OK\r\n
>>> slabs automove 9\r\n
<<< ERROR\r\n
>>> slabs\r\n
<<< ERROR\r\n
