# prepend to a missing key is NOT_STORED; to an existing one puts the data first
>>> prepend k 0 0 1\r\na\r\n
<<< NOT_STORED\r\n
>>> set k 0 0 3\r\nabc\r\n
<<< STORED\r\n
>>> prepend k 0 0 3\r\nxyz\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 6\r\nxyzabc\r\n
<<< END\r\n
