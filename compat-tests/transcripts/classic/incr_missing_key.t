# incr and decr on a missing key are NOT_FOUND
>>> incr nokey 1\r\n
<<< NOT_FOUND\r\n
>>> decr nokey 1\r\n
<<< NOT_FOUND\r\n
