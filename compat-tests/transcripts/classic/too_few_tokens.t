# storage commands with too few tokens are ERROR
>>> set k 0 0\r\n
<<< ERROR\r\n
>>> set\r\n
<<< ERROR\r\n
>>> set k\r\n
<<< ERROR\r\n
>>> add k 0\r\n
<<< ERROR\r\n
>>> replace\r\n
<<< ERROR\r\n
>>> append k 0 0\r\n
<<< ERROR\r\n
>>> prepend k\r\n
<<< ERROR\r\n
>>> cas k 0 0\r\n
<<< ERROR\r\n
