# ma N creates the counter with N's TTL; an incr clears a stale mark (new item / new CAS).
>>> ma n13 N30 J5 t v\r\nmg n13 t v\r\n
<<< VA 1 t30\r\n5\r\n
<<< VA 1 t30\r\n5\r\n
>>> md n13 I\r\nmg n13 c v\r\nma n13 c v\r\nmg n13 c v\r\n
<<< HD\r\n
<<< VA 1 c2 X W\r\n5\r\n
<<< VA 1 c3\r\n6\r\n
<<< VA 1 c3\r\n6\r\n
