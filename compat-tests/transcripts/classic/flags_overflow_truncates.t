# 4294967296 is accepted and truncated to 0 in 1.6.18
>>> set k 4294967296 0 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
>>> set k2 4294967301 0 1\r\nv\r\n
<<< STORED\r\n
>>> get k2\r\n
<<< VALUE k2 5 1\r\nv\r\n
<<< END\r\n
