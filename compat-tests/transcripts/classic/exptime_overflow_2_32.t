# 4294967296 wraps to 0 in 1.6.18 (never expires)
>>> set k 0 4294967296 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
>>> mg k t\r\n
<<< HD t-1\r\n
