# L6: a plain md removes the stub while a win is outstanding; the winner's fill gets NF.
>>> mg lk2 c v N30\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [C] md lk2\r\n
<<< [C] HD\r\n
>>> ms lk2 3 C{cas:1}\r\nabc\r\n
<<< NF\r\n
>>> [B] mg lk2 c v\r\n
<<< [B] EN\r\n
