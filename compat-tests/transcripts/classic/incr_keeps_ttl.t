# incr keeps the item's exptime (sent as one pipeline so the clock cannot tick in between)
>>> set n 0 100 1\r\n1\r\n
>>> incr n 12345\r\n
>>> mg n t v\r\n
<<< STORED\r\n
<<< 12346\r\n
<<< VA 5 t100\r\n12346\r\n
