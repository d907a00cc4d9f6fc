# a made-up CAS value is EXISTS
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> cas k 0 0 1 999999\r\nb\r\n
<<< EXISTS\r\n
>>> cas k 0 0 1 0\r\nb\r\n
<<< EXISTS\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
