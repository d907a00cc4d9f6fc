# L5: a fill carrying the pre-invalidation CAS is refused (EX). With I and an older
# CAS it is stored but stays stale (X), keeps Z and the old TTL, and gets a NEW CAS;
# a higher CAS with I is EX; and (L5d quirk) the winner's CAS is now older -> EX c0.
>>> ms lk1 5 T60 F7\r\nhello\r\n
<<< HD\r\n
>>> [C] mg lk1 c\r\n
<<< [C] HD c1\r\n
>>> [C] md lk1 I T30\r\n
<<< [C] HD\r\n
>>> mg lk1 s c f t v\r\n
<<< VA 5 s5 c2 f7 t30 X W\r\nhello\r\n
>>> [B] mg lk1 s c f t v\r\n
<<< [B] VA 5 s5 c2 f7 t30 Z X\r\nhello\r\n
>>> [B] ms lk1 5 C{cas:1} T60\r\nSTALE\r\n
<<< [B] EX\r\n
>>> [B] ms lk1 6 C{cas:1} T60 I c\r\nSTALE2\r\n
<<< [B] HD c3\r\n
>>> [C] mg lk1 s c t v\r\n
<<< [C] VA 6 s6 c3 t30 Z X\r\nSTALE2\r\n
>>> [B] ms lk1 2 C1003 I\r\nhi\r\n
<<< [B] EX\r\n
>>> ms lk1 5 C{cas:2} T60 c\r\nfresh\r\n
<<< EX c0\r\n
>>> [C] mg lk1 s c t v\r\n
<<< [C] VA 6 s6 c3 t30 Z X\r\nSTALE2\r\n
