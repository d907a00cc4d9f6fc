# N on a hit neither changes the TTL nor issues W.
>>> ms g15 2 T100\r\nhi\r\nmg g15 N30 t v\r\nmg g15 t N5 c\r\n
<<< HD\r\n
<<< VA 2 t100\r\nhi\r\n
<<< HD t100 c1\r\n
