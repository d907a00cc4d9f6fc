# me prints item metadata (exp is negative for live items, -1 when never expiring), EN on a miss.
>>> ms e1 5 T100\r\nhello\r\nme e1\r\n
<<< HD\r\n
<<< ME e1 exp=-100 la=0 cas=1 fetch=no cls=1 size=66\r\n
>>> ms e2 1\r\na\r\nme e2\r\nmg e2 v\r\nme e2\r\n
<<< HD\r\n
<<< ME e2 exp=-1 la=0 cas=2 fetch=no cls=1 size=62\r\n
<<< VA 1\r\na\r\n
<<< ME e2 exp=-1 la=0 cas=2 fetch=yes cls=1 size=62\r\n
>>> me nosuch\r\n
<<< EN\r\n
