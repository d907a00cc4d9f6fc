# md accepts and ignores P and L.
>>> ms d8 1\r\na\r\nmd d8 P L\r\nmg d8 v\r\n
<<< HD\r\n
<<< HD\r\n
<<< EN\r\n
