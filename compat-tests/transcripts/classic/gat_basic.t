# gat returns the value and sets the new exptime (sent as one pipeline so the clock cannot tick in between)
>>> set t 0 0 1\r\nv\r\n
>>> gat 50 t nokey\r\n
>>> mg t t\r\n
<<< STORED\r\n
<<< VALUE t 0 1\r\nv\r\n
<<< END\r\n
<<< HD t50\r\n
