# L4: md I marks the item stale with a new CAS and TTL; the next mg gets the stale value
# with X W (exactly one recacher), later readers get Z X, classic get shows no marker.
>>> ms lk1 5 T60 F7\r\nhello\r\n
<<< HD\r\n
>>> [C] mg lk1 c\r\n
<<< [C] HD c1\r\n
>>> [C] md lk1 I T30\r\nmg lk1 s c f t v\r\n
<<< [C] HD\r\n
<<< [C] VA 5 s5 c2 f7 t30 X W\r\nhello\r\n
>>> [B] mg lk1 s c f t v\r\n
<<< [B] VA 5 s5 c2 f7 t30 Z X\r\nhello\r\n
>>> [B] get lk1\r\n
<<< [B] VALUE lk1 7 5\r\nhello\r\n
<<< [B] END\r\n
>>> [C] mg lk1 c v\r\n
<<< [C] VA 5 c2 Z X\r\nhello\r\n
