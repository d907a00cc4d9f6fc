# A filled item that expires: the next N reader wins again; R on a short TTL wins once.
>>> ms le 1 T1\r\na\r\n
<<< HD\r\n
@sleep 2.2
>>> mg le c v N30\r\n
<<< VA 0 c2 W\r\n\r\n
>>> [B] mg le c v N30\r\n
<<< [B] VA 0 c2 Z\r\n\r\n
>>> ms le 1 C{cas:1} T2\r\nb\r\nmg le v R5 c\r\n
<<< HD\r\n
<<< VA 1 c3 W\r\nb\r\n
>>> [B] mg le v R5 c\r\n
<<< [B] VA 1 c3 Z\r\nb\r\n
