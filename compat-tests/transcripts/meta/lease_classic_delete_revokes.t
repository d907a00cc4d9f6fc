# A classic delete revokes an outstanding lease like md does: the winner's fill gets NF,
# and the next N reader wins a fresh stub.
>>> [A] mg cd1 c v N30\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [C] delete cd1\r\n
<<< [C] DELETED\r\n
>>> [A] ms cd1 3 C{cas:1}\r\nabc\r\n
<<< NF\r\n
>>> [B] mg cd1 c v N30\r\n
<<< [B] VA 0 c2 W\r\n\r\n
