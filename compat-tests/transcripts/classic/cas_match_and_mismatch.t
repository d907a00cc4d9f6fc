# cas with the current CAS stores; with an old one EXISTS
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\na\r\n
<<< END\r\n
>>> cas k 3 0 1 {cas:1}\r\nb\r\n
<<< STORED\r\n
>>> cas k 0 0 1 {cas:1}\r\nc\r\n
<<< EXISTS\r\n
>>> gets k\r\n
<<< VALUE k 3 1 2\r\nb\r\n
<<< END\r\n
