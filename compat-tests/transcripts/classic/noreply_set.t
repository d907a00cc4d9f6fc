# set noreply is silent; the value is stored
>>> set k 0 0 1 noreply\r\nv\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 1\r\nv\r\n
<<< END\r\n
