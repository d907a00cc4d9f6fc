# command names are case sensitive
>>> GET x\r\n
<<< ERROR\r\n
>>> Set x 0 0 1\r\n
<<< ERROR\r\n
>>> VERSION\r\n
<<< ERROR\r\n
>>> get x\r\n
<<< END\r\n
