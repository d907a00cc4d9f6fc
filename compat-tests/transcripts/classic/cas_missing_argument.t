# cas without the cas unique is ERROR, and the data line is parsed as a command
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> cas k 0 0 1\r\nb\r\n
<<< ERROR\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
