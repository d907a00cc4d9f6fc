# cas on a missing key is NOT_FOUND
>>> cas nokey 0 0 1 1\r\nx\r\n
<<< NOT_FOUND\r\n
>>> get nokey\r\n
<<< END\r\n
