# errors inside a pipeline do not desynchronise the replies
>>> set a 0 0 1\r\n1\r\nbogus\r\nget a\r\nincr a x\r\nGET a\r\ndelete a 5\r\nget {repeat:251:k}\r\nget a\r\n
<<< STORED\r\n
<<< ERROR\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
