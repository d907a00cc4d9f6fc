# L9: touching a stub with mg T keeps it (and the outstanding lease) alive past its N TTL.
>>> mg tt1 N2 c\r\nmg tt1 T60 t c\r\nmg tt1 N2 c t\r\n
<<< HD c1 W\r\n
<<< HD t60 c1 Z\r\n
<<< HD c1 t60 Z\r\n
@sleep 3.2
>>> [B] mg tt1 N2 c\r\n
<<< [B] HD c1 Z\r\n
