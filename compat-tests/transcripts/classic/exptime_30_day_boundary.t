# 2592000 (30 days) is still relative, 2592001 is an absolute Unix time long past (sent as one pipeline so the clock cannot tick in between)
>>> set rel 0 2592000 1\r\nv\r\n
>>> mg rel t\r\n
>>> set abs 0 2592001 1\r\nv\r\n
>>> get rel abs\r\n
<<< STORED\r\n
<<< HD t2592000\r\n
<<< STORED\r\n
<<< VALUE rel 0 1\r\nv\r\n
<<< END\r\n
