# -I 2m raises the item size limit
@flags -I 2m
>>> set big 0 0 1100000\r\n{repeat:1100000:x}\r\n
<<< STORED\r\n
>>> set huge 0 0 2200000\r\n{repeat:2200000:x}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> mg big s\r\n
<<< HD s1100000\r\n
