# ms T accepts the same TTL forms as classic exptime: relative, absolute past (expired), 0.
>>> ms st 1 T1000000000\r\na\r\nmg st v\r\n
<<< HD\r\n
<<< EN\r\n
>>> ms st 1 T2592001\r\na\r\nmg st v\r\n
<<< HD\r\n
<<< EN\r\n
>>> ms st 1 T4294967296\r\na\r\nmg st t v\r\n
<<< HD\r\n
<<< VA 1 t-1\r\na\r\n
