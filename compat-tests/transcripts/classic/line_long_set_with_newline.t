# a set line with a long junk token, complete with newline
>>> set k 0 0 1 {repeat:2500:j}\r\nv\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
