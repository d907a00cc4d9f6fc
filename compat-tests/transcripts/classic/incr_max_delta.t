# the largest delta is accepted
>>> set n 0 0 1\r\n0\r\n
<<< STORED\r\n
>>> incr n 18446744073709551615\r\n
<<< 18446744073709551615\r\n
>>> incr n 18446744073709551615\r\n
<<< 18446744073709551614\r\n
