# keys with control bytes (\x01), tabs and DEL are accepted and retrievable
>>> set ctl\x01key 0 0 1\r\na\r\n
<<< STORED\r\n
>>> set tab\tkey 0 0 1\r\nb\r\n
<<< STORED\r\n
>>> set del\x7fkey 0 0 1\r\nc\r\n
<<< STORED\r\n
>>> get ctl\x01key tab\tkey del\x7fkey\r\n
<<< VALUE ctl\x01key 0 1\r\na\r\n
<<< VALUE tab\tkey 0 1\r\nb\r\n
<<< VALUE del\x7fkey 0 1\r\nc\r\n
<<< END\r\n
