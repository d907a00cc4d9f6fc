# L7: R recache. Remaining TTL 10 < 30 -> one W then Z; TTL 100 -> no W; no TTL -> never W;
# Z shows even without N/R; a successful fill re-arms R.
>>> ms lk4 2 T10\r\nhi\r\nmg lk4 v t c R30\r\n
<<< HD\r\n
<<< VA 2 t10 c1 W\r\nhi\r\n
>>> [B] mg lk4 v t c R30\r\n
<<< [B] VA 2 t10 c1 Z\r\nhi\r\n
>>> ms lk5 2 T100\r\nhi\r\nmg lk5 v t R30\r\n
<<< HD\r\n
<<< VA 2 t100\r\nhi\r\n
>>> ms lk6 2 T0\r\nhi\r\nmg lk6 v t R30\r\n
<<< HD\r\n
<<< VA 2 t-1\r\nhi\r\n
>>> mg lk4 c\r\n
<<< HD c1 Z\r\n
>>> ms lk4 2 C{cas:1} T10\r\nho\r\n
<<< HD\r\n
>>> [B] mg lk4 v t c R30\r\n
<<< [B] VA 2 t10 c4 W\r\nho\r\n
>>> [C] mg lk4 v t c R30\r\n
<<< [C] VA 2 t10 c4 Z\r\nho\r\n
