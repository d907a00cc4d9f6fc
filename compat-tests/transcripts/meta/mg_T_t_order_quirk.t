# Tokens are produced in request order: t before T reports the old TTL, after T the new one.
>>> ms g13 1 T100\r\na\r\nmg g13 t T50\r\nmg g13 t\r\nmg g13 T20 t\r\n
<<< HD\r\n
<<< HD t100\r\n
<<< HD t50\r\n
<<< HD t20\r\n
