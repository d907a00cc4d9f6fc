# replace noreply: silent on NOT_STORED and on success
>>> replace k 0 0 1 noreply\r\na\r\n
<<<
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> replace k 0 0 1 noreply\r\nb\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 1\r\nb\r\n
<<< END\r\n
