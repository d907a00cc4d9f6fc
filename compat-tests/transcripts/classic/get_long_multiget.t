# a 2000-key multi-get (a line of about 16 KB) works
>>> set first 0 0 1\r\nF\r\n
<<< STORED\r\n
>>> set last 0 0 1\r\nL\r\n
<<< STORED\r\n
>>> get first {repeat:2000:missing_key } last\r\n
<<< VALUE first 0 1\r\nF\r\n
<<< VALUE last 0 1\r\nL\r\n
<<< END\r\n
