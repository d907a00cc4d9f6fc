# ms MP (prepend): NS on a miss; prepends keeping the old flags and TTL.
>>> ms sq 1 MP\r\na\r\n
<<< NS\r\n
>>> ms sq 3 F5 T100\r\nabc\r\nms sq 2 MP F9 T5\r\nde\r\nmg sq v f t\r\n
<<< HD\r\n
<<< HD\r\n
<<< VA 5 f5 t100\r\ndeabc\r\n
>>> ms sq 1 Mp\r\nf\r\nmg sq v\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
<<< VA 5\r\ndeabc\r\n
