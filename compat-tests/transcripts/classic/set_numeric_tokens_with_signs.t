# flags, exptime and length with plus signs or leading zeros
>>> set a +5 0 1\r\nx\r\n
<<< STORED\r\n
>>> set b 05 000 01\r\ny\r\n
<<< STORED\r\n
>>> set c 0 +100 1\r\nz\r\n
<<< STORED\r\n
>>> set d 0 0 +1\r\nw\r\n
<<< STORED\r\n
>>> get a b c d\r\n
<<< VALUE a 5 1\r\nx\r\n
<<< VALUE b 5 1\r\ny\r\n
<<< VALUE c 0 1\r\nz\r\n
<<< VALUE d 0 1\r\nw\r\n
<<< END\r\n
