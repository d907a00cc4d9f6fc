# mg s returns the value size without the value (HD), and with v alongside.
>>> ms g3 11\r\nhello world\r\nmg g3 s\r\nmg g3 s v\r\nmg g3 v s\r\n
<<< HD\r\n
<<< HD s11\r\n
<<< VA 11 s11\r\nhello world\r\n
<<< VA 11 s11\r\nhello world\r\n
