# mg T sets a new TTL (a touch: the CAS does not change); T0 removes the TTL.
>>> ms g12 1 T100\r\na\r\nmg g12 c\r\nmg g12 T30\r\nmg g12 t c\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD\r\n
<<< HD t30 c1\r\n
>>> mg g12 T0 t\r\nmg g12 t\r\n
<<< HD t-1\r\n
<<< HD t-1\r\n
>>> mg g12nope T30\r\n
<<< EN\r\n
