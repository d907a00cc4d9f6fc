# a lone \r inside a request line is part of the token
>>> set a\rb 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> get a\rb\r\n
<<< VALUE a\rb 0 1\r\nx\r\n
<<< END\r\n
>>> get a\r\n
<<< END\r\n
