# me on a vivified stub (0-byte value, fetched).
>>> mg e3 N30 c\r\nme e3\r\n
<<< HD c1 W\r\n
<<< ME e3 exp=-30 la=0 cas=1 fetch=yes cls=1 size=61\r\n
