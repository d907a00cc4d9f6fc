# several spaces between tokens of delete, incr, touch, gat and flush_all
>>> set n 0 0 1\r\n5\r\n
<<< STORED\r\n
>>> incr  n   2\r\n
<<< 7\r\n
>>> touch   n  100\r\n
<<< TOUCHED\r\n
>>> gat  100   n\r\n
<<< VALUE n 0 1\r\n7\r\n
<<< END\r\n
>>> delete   n\r\n
<<< DELETED\r\n
>>> flush_all   0\r\n
<<< OK\r\n
