# ms MS (set) is the default mode: stores whether or not the key exists.
>>> ms ss 1 MS\r\na\r\nms ss 1 MS\r\nb\r\nmg ss v\r\n
<<< HD\r\n
<<< HD\r\n
<<< VA 1\r\nb\r\n
>>> ms ss 1 Ms\r\nc\r\nmg ss v\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
<<< VA 1\r\nb\r\n
