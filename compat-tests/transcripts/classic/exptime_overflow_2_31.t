# 2147483648 behaves as already expired in 1.6.18
>>> set k 0 2147483648 1\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< END\r\n
