# a small exptime is relative to now (sent as one pipeline so the clock cannot tick in between)
>>> set k 0 100 1\r\nv\r\n
>>> mg k t\r\n
>>> get k\r\n
<<< STORED\r\n
<<< HD t100\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
