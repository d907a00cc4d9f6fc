# md b: base64 key (decoded before lookup); k echoes the encoded key and b.
>>> ms foo 1\r\na\r\nmd Zm9v b k\r\nmg foo v\r\n
<<< HD\r\n
<<< HD kZm9v b\r\n
<<< EN\r\n
>>> md Zm9v b\r\nmd !!!! b\r\n
<<< NF\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
