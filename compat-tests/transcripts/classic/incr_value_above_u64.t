# a 20-digit value above 2^64-1 is not a number
>>> set n 0 0 20\r\n18446744073709551616\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
