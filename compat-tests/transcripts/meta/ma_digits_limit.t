# ma on values with leading spaces, leading zeros, and 21 digits.
>>> ms n11 3\r\n 05\r\nma n11 v\r\n
<<< HD\r\n
<<< VA 1\r\n6\r\n
>>> ms n12 21\r\n123456789012345678901\r\nma n12 v\r\n
<<< HD\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
