# md T without I is ignored and the key is deleted.
>>> ms st3 1\r\na\r\nmd st3 T10\r\nmg st3 v\r\n
<<< HD\r\n
<<< HD\r\n
<<< EN\r\n
