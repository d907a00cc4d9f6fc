# arithmetic near 2^64
>>> set n 0 0 1\r\n0\r\n
<<< STORED\r\n
>>> decr n 18446744073709551615\r\n
<<< 0\r\n
>>> incr n 9223372036854775808\r\n
<<< 9223372036854775808\r\n
>>> incr n 9223372036854775808\r\n
<<< 0\r\n
