# commands pipelined after quit are not answered
>>> set a 0 0 1\r\n1\r\nquit\r\nget a\r\n
<<< STORED\r\n
@close
