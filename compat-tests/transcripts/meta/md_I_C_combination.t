# md I C T together: invalidates only on a CAS match and then applies the TTL.
>>> ms d7 1 T100\r\na\r\nmg d7 c\r\nmd d7 I C999999 T10\r\nmg d7 t c\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< EX\r\n
<<< HD t100 c1\r\n
>>> md d7 I C{cas:1} T10\r\nmg d7 t c\r\n
<<< HD\r\n
<<< HD t10 c2 X W\r\n
>>> md d7 C{cas:2}\r\nmg d7 v\r\n
<<< HD\r\n
<<< EN\r\n
