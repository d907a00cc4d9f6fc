# the data block must end in \r\n: a bare \n after the data is a bad data chunk
>>> set x 0 0 1\r\nv\n
<<<
>>> get x\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
