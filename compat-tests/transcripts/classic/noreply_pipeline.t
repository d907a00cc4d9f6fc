# many noreply sets pipelined, then one get: only the get answers
>>> set a 0 0 1 noreply\r\n1\r\nset b 0 0 1 noreply\r\n2\r\nadd a 0 0 1 noreply\r\n3\r\nappend b 0 0 1 noreply\r\n4\r\nincr a 9 noreply\r\ndelete zz noreply\r\nget a b\r\n
<<< VALUE a 0 2\r\n10\r\n
<<< VALUE b 0 2\r\n24\r\n
<<< END\r\n
