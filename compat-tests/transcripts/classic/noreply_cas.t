# cas noreply: silent on NOT_FOUND, EXISTS and STORED
>>> cas k 0 0 1 1 noreply\r\na\r\n
<<<
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\na\r\n
<<< END\r\n
>>> cas k 0 0 1 999999 noreply\r\nb\r\n
<<<
>>> cas k 0 0 1 {cas:1} noreply\r\nc\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 1\r\nc\r\n
<<< END\r\n
