# L9: classic commands against a W-issued 0-byte stub: add refuses, incr sees a
# non-numeric value, append stores (a new item, so the win bit is cleared).
>>> mg vv1 c N30\r\n
<<< HD c1 W\r\n
>>> [C] add vv1 0 0 1\r\nx\r\n
<<< [C] NOT_STORED\r\n
>>> [C] incr vv1 1\r\n
<<< [C] CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> [C] append vv1 0 0 1\r\nz\r\n
<<< [C] STORED\r\n
>>> [B] mg vv1 c v N30\r\n
<<< [B] VA 1 c2\r\nz\r\n
