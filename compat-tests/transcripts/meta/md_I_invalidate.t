# md I keeps the item, marks it stale with a new CAS, and with T sets a new TTL.
>>> ms d3 3 F4 T100\r\nabc\r\nmg d3 c\r\nmd d3 I\r\nmg d3 c t f v\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD\r\n
<<< VA 3 c2 t100 f4 X W\r\nabc\r\n
>>> md d3 I T20\r\nmg d3 c t v\r\n
<<< HD\r\n
<<< VA 3 c3 t20 X W\r\nabc\r\n
>>> md d3 I T0\r\nmg d3 c t\r\n
<<< HD\r\n
<<< HD c4 t-1 X W\r\n
