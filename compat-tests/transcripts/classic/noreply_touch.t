# touch noreply: silent on TOUCHED and NOT_FOUND (sent as one pipeline so the clock cannot tick in between)
>>> touch k 10 noreply\r\n
>>> set k 0 0 1\r\na\r\n
>>> touch k 100 noreply\r\n
>>> mg k t\r\n
<<< STORED\r\n
<<< HD t100\r\n
