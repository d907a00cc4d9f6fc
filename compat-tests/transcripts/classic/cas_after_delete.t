# cas after the key was deleted is NOT_FOUND
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\na\r\n
<<< END\r\n
>>> delete k\r\n
<<< DELETED\r\n
>>> cas k 0 0 1 {cas:1}\r\nb\r\n
<<< NOT_FOUND\r\n
