# R on a miss does nothing (EN); R on a freshly vivified stub sees the outstanding win (Z).
>>> mg g20 R30 v\r\n
<<< EN\r\n
>>> mg g20 N10 c\r\nmg g20 R30 c\r\n
<<< HD c1 W\r\n
<<< HD c1 Z\r\n
