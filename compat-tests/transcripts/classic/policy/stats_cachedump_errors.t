# stats cachedump argument errors, in memcached order, and the dump of an empty class
>>> stats cachedump 64 10\r\n
<<< CLIENT_ERROR Illegal slab id\r\n
>>> stats cachedump 63 10\r\n
<<< END\r\n
>>> stats cachedump -1 10\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> stats cachedump x 10\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> stats cachedump 1 x\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> stats cachedump 1\r\n
<<< CLIENT_ERROR bad command line\r\n
>>> stats cachedump\r\n
<<< CLIENT_ERROR bad command line\r\n
>>> stats cachedump 1 10 extra\r\n
<<< END\r\n
>>> stats cachedump 0 0\r\n
<<< END\r\n
