# append and prepend assign a new CAS
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\na\r\n
<<< END\r\n
>>> append k 0 0 1\r\nb\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 2 2\r\nab\r\n
<<< END\r\n
>>> prepend k 0 0 1\r\nc\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 3 3\r\ncab\r\n
<<< END\r\n
