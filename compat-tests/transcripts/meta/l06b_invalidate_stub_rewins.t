# L6b: md I on a stub while a lease is out: the next reader re-wins (X W), the old
# winner's fill is EX, with I it is stored but stays stale (Z X).
>>> mg lk3 c v N30\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [C] md lk3 I\r\n
<<< [C] HD\r\n
>>> [B] mg lk3 c v N30\r\n
<<< [B] VA 0 c2 X W\r\n\r\n
>>> ms lk3 3 C{cas:1}\r\nabc\r\n
<<< EX\r\n
>>> ms lk3 3 C{cas:1} I\r\nabc\r\n
<<< HD\r\n
>>> [C] mg lk3 c t v\r\n
<<< [C] VA 3 c3 t30 Z X\r\nabc\r\n
