# lru_crawler sub-commands that answer synchronously
>>> lru_crawler\r\n
<<< ERROR\r\n
>>> lru_crawler bogus\r\n
<<< ERROR\r\n
>>> lru_crawler tocrawl 100\r\n
<<< OK\r\n
>>> lru_crawler sleep 100\r\n
<<< OK\r\n
