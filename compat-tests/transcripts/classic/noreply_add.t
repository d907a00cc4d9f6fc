# add noreply: silent on success and on NOT_STORED
>>> add k 0 0 1 noreply\r\na\r\n
<<<
>>> add k 0 0 1 noreply\r\nb\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 1\r\na\r\n
<<< END\r\n
