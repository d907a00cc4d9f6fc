# a multi-get that returns the same key 500 times
>>> set h 0 0 5\r\nhello\r\n
<<< STORED\r\n
>>> get {repeat:500:h }\r\n
<<< {repeat:500:VALUE h 0 5\r\nhello\r\n}
<<< END\r\n
