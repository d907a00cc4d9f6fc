# a 2500-byte line that arrives complete with its newline is parsed normally
>>> {repeat:2500:y}\r\n
<<< ERROR\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
