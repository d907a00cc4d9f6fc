# L3: the winner fills with the CAS from its W -> stored with a new CAS; the loser's
# fill with the same (now old) CAS gets EX; afterwards a plain hit with no W/Z/X
# (N is ignored on a hit).
>>> mg lk1 s c f t v N30\r\n
<<< VA 0 s0 c1 f0 t-1 W\r\n\r\n
>>> [B] mg lk1 s c f t v N30\r\n
<<< [B] VA 0 s0 c1 f0 t30 Z\r\n\r\n
>>> ms lk1 5 C{cas:1} T60 F7 c\r\nhello\r\n
<<< HD c2\r\n
>>> [B] ms lk1 5 C{cas:1} T60\r\nbbbbb\r\n
<<< [B] EX\r\n
>>> [B] mg lk1 s c f t v N30\r\n
<<< [B] VA 5 s5 c2 f7 t60\r\nhello\r\n
