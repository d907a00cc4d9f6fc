# quit on one connection leaves the others open
>>> [B] set a 0 0 1\r\n1\r\n
<<< [B] STORED\r\n
>>> quit\r\n
<<<
@close
>>> [B] get a\r\n
<<< [B] VALUE a 0 1\r\n1\r\n
<<< [B] END\r\n
