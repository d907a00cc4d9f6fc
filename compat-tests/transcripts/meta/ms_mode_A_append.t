# ms MA (append): NS on a miss; appends keeping the old flags and TTL; new CAS.
>>> ms sp 1 MA\r\na\r\n
<<< NS\r\n
>>> ms sp 3 F5 T100\r\nabc\r\nmg sp c\r\nms sp 2 MA F9 T5\r\nde\r\nmg sp v f t c\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD\r\n
<<< VA 5 f5 t100 c2\r\nabcde\r\n
>>> ms sp 1 Ma\r\nf\r\nmg sp v\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
<<< VA 5\r\nabcde\r\n
