# ms F beyond 32 bits.
>>> ms sf 1 F4294967296\r\na\r\nmg sf f\r\n
<<< HD\r\n
<<< HD f0\r\n
>>> ms sf 1 F18446744073709551616\r\na\r\nmg sf f\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< HD f0\r\n
