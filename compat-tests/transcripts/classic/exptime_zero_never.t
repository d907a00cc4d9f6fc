# exptime 0 never expires (mg t reports -1)
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> mg k t v\r\n
<<< VA 1 t-1\r\nv\r\n
