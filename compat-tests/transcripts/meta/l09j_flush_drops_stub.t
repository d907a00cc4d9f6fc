# L9: flush_all drops stubs; the next mg with N wins again (1.6.18 flush uses up a CAS).
>>> mg fl1 N30 c\r\nflush_all\r\nmg fl1 N30 c\r\n
<<< HD c1 W\r\n
<<< OK\r\n
<<< HD c3 W\r\n
>>> [B] mg fl1 N30 c\r\n
<<< [B] HD c3 Z\r\n
