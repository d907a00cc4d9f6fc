# touch does not change the CAS, so cas still matches
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\na\r\n
<<< END\r\n
>>> touch k 100\r\n
<<< TOUCHED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\na\r\n
<<< END\r\n
>>> cas k 0 0 1 {cas:1}\r\nb\r\n
<<< STORED\r\n
