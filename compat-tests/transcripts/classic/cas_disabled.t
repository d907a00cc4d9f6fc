# with -C every CAS is 0
@flags -C
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 0\r\na\r\n
<<< END\r\n
>>> cas k 0 0 1 0\r\nb\r\n
<<< EXISTS\r\n
>>> gets k\r\n
<<< VALUE k 0 1 0\r\na\r\n
<<< END\r\n
