# ms stores and answers HD; defaults are flags 0 and no TTL; an overwrite replaces the value.
>>> ms s1 5\r\nhello\r\nmg s1 v f t s\r\n
<<< HD\r\n
<<< VA 5 f0 t-1 s5\r\nhello\r\n
>>> ms s1 3\r\nbye\r\nmg s1 v\r\n
<<< HD\r\n
<<< VA 3\r\nbye\r\n
>>> get s1\r\n
<<< VALUE s1 0 3\r\nbye\r\n
<<< END\r\n
