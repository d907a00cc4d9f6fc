# ms ME (add): stores only when the key is absent, NS otherwise.
>>> ms sa 1 ME\r\na\r\nms sa 1 ME\r\nb\r\nmg sa v\r\n
<<< HD\r\n
<<< NS\r\n
<<< VA 1\r\na\r\n
>>> ms sa 1 Me\r\nc\r\n
<<< CLIENT_ERROR invalid mode for ms M token\r\n
