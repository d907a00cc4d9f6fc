# ms F sets client flags and T the TTL (T0 = never, negative = already expired).
>>> ms s2 1 F77 T300\r\na\r\nmg s2 f t v\r\n
<<< HD\r\n
<<< VA 1 f77 t300\r\na\r\n
>>> ms s2 1 T0\r\nb\r\nmg s2 f t v\r\n
<<< HD\r\n
<<< VA 1 f0 t-1\r\nb\r\n
>>> ms s2 1 T-1\r\nc\r\nmg s2 v\r\n
<<< HD\r\n
<<< EN\r\n
>>> ms s2b 1 F0 T2592000\r\nd\r\nmg s2b f t\r\n
<<< HD\r\n
<<< HD f0 t2592000\r\n
>>> gets s2b\r\n
<<< VALUE s2b 0 1 4\r\nd\r\n
<<< END\r\n
