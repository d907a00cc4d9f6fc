# 100 sets in one write, then a get
>>> {repeat:100:set a 0 0 1\r\nx\r\n}get a\r\n
<<< {repeat:100:STORED\r\n}
<<< VALUE a 0 1\r\nx\r\n
<<< END\r\n
