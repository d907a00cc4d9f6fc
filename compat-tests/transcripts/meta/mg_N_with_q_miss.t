# q together with N on a miss: the vivify is a hit, so the W reply is shown.
>>> mg g17 N30 q v\r\nmn\r\n
<<< VA 0 W\r\n\r\n
<<< MN\r\n
>>> mg g17 N30 q v\r\nmn\r\n
<<< VA 0 Z\r\n\r\n
<<< MN\r\n
