# L9: classic set ignores an outstanding lease (unprotected writer); the winner's fill then fails.
>>> mg lk9 c v N30\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [C] set lk9 0 60 3\r\nold\r\n
<<< [C] STORED\r\n
>>> ms lk9 3 C{cas:1}\r\nnew\r\n
<<< EX\r\n
>>> [B] mg lk9 c v\r\n
<<< [B] VA 3 c2\r\nold\r\n
