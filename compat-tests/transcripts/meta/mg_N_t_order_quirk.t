# On a vivifying miss, t before N reports t-1 (TTL not applied yet); after N it reports N's TTL.
>>> mg g14 t c v N30\r\n
<<< VA 0 t-1 c1 W\r\n\r\n
>>> mg g14b N30 t c v\r\n
<<< VA 0 t30 c2 W\r\n\r\n
>>> mg g14c N30 s t f v c\r\n
<<< VA 0 s0 t30 f0 c3 W\r\n\r\n
