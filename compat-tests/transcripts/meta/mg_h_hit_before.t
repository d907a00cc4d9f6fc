# mg h returns whether the item had been fetched before this request (h0 first, then h1).
>>> ms g7 1\r\na\r\nmg g7 h\r\nmg g7 h\r\n
<<< HD\r\n
<<< HD h0\r\n
<<< HD h1\r\n
>>> ms g7 1\r\nb\r\nmg g7 h v\r\n
<<< HD\r\n
<<< VA 1 h0\r\nb\r\n
>>> ms g7b 1\r\nb\r\nget g7b\r\nmg g7b h\r\n
<<< HD\r\n
<<< VALUE g7b 0 1\r\nb\r\n
<<< END\r\n
<<< HD h1\r\n
