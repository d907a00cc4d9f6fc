# a 21-digit value is not a number; 20 digits within range are
>>> set n 0 0 21\r\n100000000000000000000\r\n
<<< STORED\r\n
>>> incr n 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> set m 0 0 20\r\n10000000000000000000\r\n
<<< STORED\r\n
>>> incr m 1\r\n
<<< 10000000000000000001\r\n
