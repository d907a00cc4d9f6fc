# 32-bit flags round-trip, including the maximum
>>> set k 4294967295 0 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 4294967295 1\r\nv\r\n
<<< END\r\n
>>> set z 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> set one 1 0 1\r\nv\r\n
<<< STORED\r\n
>>> get z one\r\n
<<< VALUE z 0 1\r\nv\r\n
<<< VALUE one 1 1\r\nv\r\n
<<< END\r\n
