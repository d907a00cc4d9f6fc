# Items stored with ms are visible to classic commands and vice versa.
>>> ms ci 5 F3 T100\r\nhello\r\ngets ci\r\n
<<< HD\r\n
<<< VALUE ci 3 5 1\r\nhello\r\n
<<< END\r\n
>>> set ci2 9 0 2\r\nhi\r\nmg ci2 v f t c\r\n
<<< STORED\r\n
<<< VA 2 f9 t-1 c2\r\nhi\r\n
>>> incr ci2 1\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> ms ci3 2\r\n10\r\nincr ci3 5\r\nmg ci3 v\r\n
<<< HD\r\n
<<< 15\r\n
<<< VA 2\r\n15\r\n
