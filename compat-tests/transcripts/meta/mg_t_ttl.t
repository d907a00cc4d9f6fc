# mg t returns the remaining TTL: t-1 when the item never expires, the seconds left otherwise.
>>> ms g6 1\r\na\r\nmg g6 t\r\n
<<< HD\r\n
<<< HD t-1\r\n
>>> ms g6b 1 T100\r\na\r\nmg g6b t\r\n
<<< HD\r\n
<<< HD t100\r\n
>>> ms g6c 1 T2592000\r\na\r\nmg g6c t v\r\n
<<< HD\r\n
<<< VA 1 t2592000\r\na\r\n
>>> set g6d 0 500 1\r\nb\r\nmg g6d t\r\n
<<< STORED\r\n
<<< HD t500\r\n
