# N0 vivifies a stub that never expires.
>>> mg g16 N0 t c\r\nmg g16 t c\r\n
<<< HD t-1 c1 W\r\n
<<< HD t-1 c1 Z\r\n
