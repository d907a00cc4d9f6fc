# incr wraps around modulo 2^64
>>> set n 0 0 20\r\n18446744073709551615\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< 0\r\n
>>> get n\r\n
<<< VALUE n 0 20\r\n0                   \r\n
<<< END\r\n
>>> set m 0 0 20\r\n18446744073709551610\r\n
<<< STORED\r\n
>>> incr m 10\r\n
<<< 4\r\n
