# a NUL byte inside a key
>>> set a\0b 0 0 1\r\nx\r\n
<<< ERROR\r\n
<<< ERROR\r\n
>>> get a\0b\r\n
<<< END\r\n
>>> get a\r\n
<<< END\r\n
