# noreply on a command that fails to parse (bad flags, bad exptime)
>>> set k abc 0 1 noreply\r\nv\r\n
<<< ERROR\r\n
>>> set k 0 abc 1 noreply\r\nv\r\n
<<< ERROR\r\n
>>> get k\r\n
<<< END\r\n
