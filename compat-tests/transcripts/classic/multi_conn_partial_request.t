# a half-sent request on one connection does not block another
>>> set k 0 0 5\r\nab
<<<
@sleep 0.2
>>> [B] set j 0 0 1\r\n1\r\n
<<< [B] STORED\r\n
>>> [B] get j k\r\n
<<< [B] VALUE j 0 1\r\n1\r\n
<<< [B] END\r\n
>>> cde\r\n
<<< STORED\r\n
>>> [B] get k\r\n
<<< [B] VALUE k 0 5\r\nabcde\r\n
<<< [B] END\r\n
