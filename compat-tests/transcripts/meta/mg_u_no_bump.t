# mg u does not mark the item fetched or update last access: h stays h0.
>>> ms g11 1\r\na\r\nmg g11 u h\r\nmg g11 u h\r\nmg g11 h\r\nmg g11 h\r\n
<<< HD\r\n
<<< HD h0\r\n
<<< HD h0\r\n
<<< HD h0\r\n
<<< HD h1\r\n
