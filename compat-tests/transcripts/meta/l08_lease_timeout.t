# L8: the lease "timeout" is the stub's N TTL: N2, nobody fills, 3.2 s later the next
# reader wins again with a new CAS.
>>> mg lk7 c t v N2\r\n
<<< VA 0 c1 t-1 W\r\n\r\n
>>> [B] mg lk7 c t v N2\r\n
<<< [B] VA 0 c1 t2 Z\r\n\r\n
@sleep 3.2
>>> [B] mg lk7 c t v N2\r\n
<<< [B] VA 0 c2 t-1 W\r\n\r\n
>>> mg lk7 c t v N2\r\n
<<< VA 0 c2 t2 Z\r\n\r\n
