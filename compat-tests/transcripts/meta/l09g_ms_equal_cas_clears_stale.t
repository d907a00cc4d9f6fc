# L9: ms C equal to the current CAS with I on a stale item is a normal store: X is
# cleared and the TTL comes from T (none -> never expires).
>>> ms st9 2 T30\r\nab\r\n
<<< HD\r\n
>>> md st9 I\r\nmg st9 c\r\n
<<< HD\r\n
<<< HD c2 X W\r\n
>>> ms st9 2 C{cas:1} I\r\nok\r\nmg st9 c v t\r\n
<<< HD\r\n
<<< VA 2 c3 t-1\r\nok\r\n
