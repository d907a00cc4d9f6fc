# a value set on one connection is visible on another
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> [B] get a\r\n
<<< [B] VALUE a 0 1\r\n1\r\n
<<< [B] END\r\n
>>> [B] delete a\r\n
<<< [B] DELETED\r\n
>>> get a\r\n
<<< END\r\n
