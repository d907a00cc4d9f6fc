# gat 0 makes an item with a TTL never expire (sent as one pipeline so the clock cannot tick in between)
>>> set t 0 100 1\r\nv\r\n
>>> gat 0 t\r\n
>>> mg t t\r\n
<<< STORED\r\n
<<< VALUE t 0 1\r\nv\r\n
<<< END\r\n
<<< HD t-1\r\n
