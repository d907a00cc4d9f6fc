# L9: touch and gats on a stale item keep it stale, do not consume the W and keep the CAS.
>>> [C] set lk10 0 0 3\r\nv01\r\n
<<< [C] STORED\r\n
>>> md lk10 I\r\n
<<< HD\r\n
>>> [C] touch lk10 100\r\nmg lk10 t c v\r\n
<<< [C] TOUCHED\r\n
<<< [C] VA 3 t100 c2 X W\r\nv01\r\n
>>> [B] gats 200 lk10\r\nmg lk10 t c v\r\n
<<< [B] VALUE lk10 0 3 2\r\nv01\r\n
<<< [B] END\r\n
<<< [B] VA 3 t200 c2 Z X\r\nv01\r\n
