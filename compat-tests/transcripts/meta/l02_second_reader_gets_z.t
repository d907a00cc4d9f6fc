# L2/L2b: a second reader of the stub gets Z and the same 0-byte value; classic
# get/gets see an empty hit (gets exposes the lease CAS); me describes the stub.
>>> mg lk1 s c f t v N30\r\n
<<< VA 0 s0 c1 f0 t-1 W\r\n\r\n
>>> [B] mg lk1 s c f t v N30\r\n
<<< [B] VA 0 s0 c1 f0 t30 Z\r\n\r\n
>>> [C] get lk1\r\n
<<< [C] VALUE lk1 0 0\r\n\r\n
<<< [C] END\r\n
>>> [C] gets lk1\r\n
<<< [C] VALUE lk1 0 0 1\r\n\r\n
<<< [C] END\r\n
>>> [C] mg lk1 c\r\n
<<< [C] HD c1 Z\r\n
