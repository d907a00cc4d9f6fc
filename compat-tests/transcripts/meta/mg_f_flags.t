# mg f returns client flags: default 0, F value, the full 32-bit range.
>>> ms g5 1\r\na\r\nmg g5 f\r\n
<<< HD\r\n
<<< HD f0\r\n
>>> ms g5 1 F123\r\na\r\nmg g5 f v\r\n
<<< HD\r\n
<<< VA 1 f123\r\na\r\n
>>> ms g5 1 F4294967295\r\na\r\nmg g5 f\r\n
<<< HD\r\n
<<< HD f4294967295\r\n
>>> set g5c 42 0 1\r\nb\r\nmg g5c f\r\n
<<< STORED\r\n
<<< HD f42\r\n
