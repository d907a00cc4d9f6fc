# noreply commands followed by a failing command: only the error answers
>>> set a 0 0 1 noreply\r\n1\r\nincr a 1 noreply\r\nincr nokey 1\r\nget a\r\n
<<< NOT_FOUND\r\n
<<< VALUE a 0 1\r\n2\r\n
<<< END\r\n
