# arbitrary bytes, including NUL and high bytes, round-trip
>>> set k 0 0 8\r\n\x00\x01\xff\xfe\r\x7f\n\x80\r\n
<<< STORED\r\n
>>> get k\r\n
<<< VALUE k 0 8\r\n\x00\x01\xff\xfe\r\x7f\n\x80\r\n
<<< END\r\n
