# stats cachedump after lru mode flat lists items newest first, with size and absolute-or-0 exptime,
# limit 0 = all, limit 1 = the newest; other classes stay separate
>>> lru mode flat\r\n
<<< OK\r\n
>>> set small1 0 0 1\r\na\r\n
<<< STORED\r\n
>>> set small2 0 0 2\r\nab\r\n
<<< STORED\r\n
>>> set small3 7 0 3\r\nabc\r\n
<<< STORED\r\n
>>> stats cachedump 1 10\r\n
<<< ITEM small3 [3 b; 0 s]\r\n
<<< ITEM small2 [2 b; 0 s]\r\n
<<< ITEM small1 [1 b; 0 s]\r\n
<<< END\r\n
>>> stats cachedump 1 0\r\n
<<< ITEM small3 [3 b; 0 s]\r\n
<<< ITEM small2 [2 b; 0 s]\r\n
<<< ITEM small1 [1 b; 0 s]\r\n
<<< END\r\n
>>> stats cachedump 1 1\r\n
<<< ITEM small3 [3 b; 0 s]\r\n
<<< END\r\n
>>> stats cachedump 2 10\r\n
<<< END\r\n
>>> delete small2\r\n
<<< DELETED\r\n
>>> stats cachedump 1 0\r\n
<<< ITEM small3 [3 b; 0 s]\r\n
<<< ITEM small1 [1 b; 0 s]\r\n
<<< END\r\n
