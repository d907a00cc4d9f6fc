# flush_all then cas with the pre-flush CAS is NOT_FOUND
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> gets a\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< END\r\n
>>> flush_all\r\n
<<< OK\r\n
>>> cas a 0 0 1 {cas:1}\r\n2\r\n
<<< NOT_FOUND\r\n
