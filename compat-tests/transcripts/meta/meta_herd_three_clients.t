# Thundering herd on a miss: A wins, B and C wait (Z); A fills; everyone then hits.
>>> mg hh c v N10\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [B] mg hh c v N10\r\n
<<< [B] VA 0 c1 Z\r\n\r\n
>>> [C] mg hh c v N10\r\n
<<< [C] VA 0 c1 Z\r\n\r\n
>>> [B] mg hh c v N10\r\n
<<< [B] VA 0 c1 Z\r\n\r\n
>>> ms hh 3 C{cas:1} T60\r\nrow\r\n
<<< HD\r\n
>>> [B] mg hh c v N10\r\n
<<< [B] VA 3 c2\r\nrow\r\n
>>> [C] mg hh c v N10\r\n
<<< [C] VA 3 c2\r\nrow\r\n
