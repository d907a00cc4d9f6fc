# get, gets, gat and gats without keys
>>> get\r\n
<<< ERROR\r\n
>>> gets\r\n
<<< ERROR\r\n
>>> get \r\n
<<< ERROR\r\n
>>> gat\r\n
<<< ERROR\r\n
>>> gats\r\n
<<< ERROR\r\n
