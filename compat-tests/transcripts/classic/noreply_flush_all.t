# flush_all noreply and flush_all 0 noreply are silent
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> flush_all noreply\r\n
<<<
>>> get k\r\n
<<< END\r\n
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> flush_all 0 noreply\r\n
<<<
>>> get k\r\n
<<< END\r\n
