# ms with a 0-byte value and with binary data containing CRLF.
>>> ms sz 0\r\n\r\nmg sz v s\r\n
<<< HD\r\n
<<< VA 0 s0\r\n\r\n
>>> ms sz 4\r\n\r\n\r\n\r\nmg sz v s\r\n
<<< HD\r\n
<<< VA 4 s4\r\n\r\n\r\n\r\n
>>> ms sz 3 T0\r\n\x00\x01\x02\r\nget sz\r\n
<<< HD\r\n
<<< VALUE sz 0 3\r\n\x00\x01\x02\r\n
<<< END\r\n
