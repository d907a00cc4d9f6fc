# R wins only if remaining TTL is strictly less than the token: equal does not win.
>>> ms g19 1 T30\r\na\r\nmg g19 R30 t\r\nmg g19 R31 t\r\n
<<< HD\r\n
<<< HD t30\r\n
<<< HD t30 W\r\n
