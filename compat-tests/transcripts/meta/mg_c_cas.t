# mg c returns the CAS; it changes on every store but not on reads.
>>> ms g4 1\r\na\r\nmg g4 c\r\nmg g4 c\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD c1\r\n
>>> ms g4 1\r\nb\r\nmg g4 c v\r\n
<<< HD\r\n
<<< VA 1 c2\r\nb\r\n
