# An unprotected writer (ms without C) replaces the stub while a lease is out; the winner's
# CAS fill is then EX and readers see the writer's value with no W/Z.
>>> [A] mg pw1 c v N30\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [C] ms pw1 5 T60\r\nwrite\r\n
<<< [C] HD\r\n
>>> [A] ms pw1 4 C{cas:1} T60\r\nfill\r\n
<<< EX\r\n
>>> [B] mg pw1 c v N30\r\n
<<< [B] VA 5 c2\r\nwrite\r\n
