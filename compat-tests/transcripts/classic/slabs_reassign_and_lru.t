# slabs reassign and lru admin commands on a fresh server
>>> slabs reassign 1 2\r\n
<<< NOSPARE source class has no spare pages\r\n
>>> slabs reassign 1\r\n
<<< ERROR\r\n
>>> slabs reassign -1 5\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign 99 1\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> lru\r\n
<<< ERROR\r\n
>>> lru mode flat\r\n
<<< OK\r\n
>>> lru mode segmented\r\n
<<< OK\r\n
>>> lru tune 10 25 0.1 2\r\n
<<< OK\r\n
>>> lru temp_ttl 60\r\n
<<< OK\r\n
>>> lru bogus\r\n
<<< ERROR\r\n
>>> lru_crawler disable\r\n
<<< OK\r\n
