# ma t returns the TTL, c the new CAS, T updates the TTL on success.
>>> ms n5 1 T100\r\n1\r\nmg n5 c\r\nma n5 t c\r\nma n5 T50 t v\r\nma n5 t T20 v\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD t100 c2\r\n
<<< VA 1 t50\r\n3\r\n
<<< VA 1 t50\r\n4\r\n
>>> ma n5 T0 t\r\n
<<< HD t-1\r\n
