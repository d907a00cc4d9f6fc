# a pipelined mix of commands in one write is answered in order
>>> set a 0 0 1\r\n1\r\nget a\r\nincr a 5\r\nappend a 0 0 1\r\nx\r\nget a\r\ndelete a\r\nget a\r\nversion\r\nadd b 0 0 1\r\nb\r\ntouch b 10\r\ngets b\r\n
<<< STORED\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
<<< 6\r\n
<<< STORED\r\n
<<< VALUE a 0 2\r\n6x\r\n
<<< END\r\n
<<< DELETED\r\n
<<< END\r\n
<<< VERSION 1.6.18\r\n
<<< STORED\r\n
<<< TOUCHED\r\n
<<< VALUE b 0 1 4\r\nb\r\n
<<< END\r\n
