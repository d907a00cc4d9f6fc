# L9: classic cas with the pre-invalidation CAS on a stale item -> EXISTS (classic has no I);
# gets shows the stale value with the new CAS and no marker.
>>> [C] set lk10 0 0 3\r\nv01\r\n
<<< [C] STORED\r\n
>>> [C] gets lk10\r\n
<<< [C] VALUE lk10 0 3 1\r\nv01\r\n
<<< [C] END\r\n
>>> md lk10 I\r\n
<<< HD\r\n
>>> [C] cas lk10 0 60 3 {cas:1}\r\nv02\r\n
<<< [C] EXISTS\r\n
>>> [C] gets lk10\r\n
<<< [C] VALUE lk10 0 3 2\r\nv01\r\n
<<< [C] END\r\n
