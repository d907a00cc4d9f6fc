# A client leases several keys in one q pipeline: it wins all misses; a second client pipelining
# the same keys gets Z for each; hits pass through untouched.
>>> [A] ms mk2 2 T0\r\nhi\r\n
<<< HD\r\n
>>> [A] mg mk1 c v q k N30\r\nmg mk2 c v q k N30\r\nmg mk3 c v q k N30\r\nmn\r\n
<<< VA 0 c2 kmk1 W\r\n\r\n
<<< VA 2 c1 kmk2\r\nhi\r\n
<<< VA 0 c3 kmk3 W\r\n\r\n
<<< MN\r\n
>>> [B] mg mk1 v q k N30\r\nmg mk2 v q k N30\r\nmg mk3 v q k N30\r\nmn\r\n
<<< [B] VA 0 kmk1 Z\r\n\r\n
<<< [B] VA 2 kmk2\r\nhi\r\n
<<< [B] VA 0 kmk3 Z\r\n\r\n
<<< [B] MN\r\n
>>> [A] ms mk1 2 C{cas:1} q\r\nv1\r\nms mk3 2 C{cas:3} q\r\nv3\r\nmn\r\n
<<< MN\r\n
>>> [B] mg mk1 v q k N30\r\nmg mk2 v q k N30\r\nmg mk3 v q k N30\r\nmn\r\n
<<< [B] VA 2 kmk1\r\nv1\r\n
<<< [B] VA 2 kmk2\r\nhi\r\n
<<< [B] VA 2 kmk3\r\nv3\r\n
<<< [B] MN\r\n
