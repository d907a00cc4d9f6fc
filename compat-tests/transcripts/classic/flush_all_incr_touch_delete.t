# flushed items are misses for incr, touch, delete, append
>>> set n 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> flush_all\r\n
<<< OK\r\n
>>> incr n 1\r\n
<<< NOT_FOUND\r\n
>>> touch n 10\r\n
<<< NOT_FOUND\r\n
>>> delete n\r\n
<<< NOT_FOUND\r\n
>>> append n 0 0 1\r\nx\r\n
<<< NOT_STORED\r\n
>>> replace n 0 0 1\r\nx\r\n
<<< NOT_STORED\r\n
