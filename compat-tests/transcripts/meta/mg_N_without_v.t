# A vivifying mg without v answers HD W; the next one HD Z (q does not hide them).
>>> mg ord4 N30\r\n
<<< HD W\r\n
>>> [B] mg ord4 N30\r\n
<<< [B] HD Z\r\n
>>> [B] mg ord4 N30 q\r\nmn\r\n
<<< [B] HD Z\r\n
<<< [B] MN\r\n
