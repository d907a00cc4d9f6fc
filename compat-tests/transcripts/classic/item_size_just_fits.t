# the largest value that fits in 1 MiB items and one byte more
>>> set k 0 0 1048000\r\n{repeat:1048000:x}\r\n
<<< STORED\r\n
>>> mg k s\r\n
<<< HD s1048000\r\n
