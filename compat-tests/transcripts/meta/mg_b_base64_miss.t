# b on a miss: EN, with the opaque and the (base64) key echoed.
>>> mg YmFy b k O1 v\r\n
<<< EN kYmFy b O1\r\n
>>> mg YmFy b q\r\nmn\r\n
<<< MN\r\n
