# touch: TOUCHED on a hit, NOT_FOUND on a miss (sent as one pipeline so the clock cannot tick in between)
>>> touch k 10\r\n
>>> set k 0 0 1\r\nv\r\n
>>> touch k 10\r\n
>>> mg k t\r\n
<<< NOT_FOUND\r\n
<<< STORED\r\n
<<< TOUCHED\r\n
<<< HD t10\r\n
