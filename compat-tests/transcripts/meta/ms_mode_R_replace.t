# ms MR (replace): NS when the key is absent, HD when present.
>>> ms sr 1 MR\r\na\r\nmg sr v\r\n
<<< NS\r\n
<<< EN\r\n
>>> ms sr 1\r\nb\r\nms sr 1 MR F3\r\nc\r\nmg sr v f\r\n
<<< HD\r\n
<<< HD\r\n
<<< VA 1 f3\r\nc\r\n
>>> ms sr 1 Mr\r\nd\r\nmg sr v\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
<<< VA 1\r\nc\r\n
