# A full stale-while-revalidate cycle: invalidate with a grace TTL, the winner refills, others see fresh data.
>>> ms sw 4 T300 F1\r\nver1\r\n
<<< HD\r\n
>>> [C] md sw I T30\r\n
<<< [C] HD\r\n
>>> mg sw c v t f\r\n
<<< VA 4 c2 t30 f1 X W\r\nver1\r\n
>>> [B] mg sw c v f\r\n
<<< [B] VA 4 c2 f1 Z X\r\nver1\r\n
>>> ms sw 4 T300 F1 C{cas:1} c\r\nver2\r\n
<<< HD c3\r\n
>>> [B] mg sw c v f\r\n
<<< [B] VA 4 c3 f1\r\nver2\r\n
>>> [C] mg sw c v\r\n
<<< [C] VA 4 c3\r\nver2\r\n
