# a command pipelined before lru_crawler metadump makes it refuse; a get before it flushes first, so the dump
# runs; metadump of an empty class or an empty cache is just END
>>> lru_crawler metadump all\r\n
<<< END\r\n
>>> lru_crawler metadump 2\r\n
<<< END\r\n
>>> lru_crawler metadump 63\r\n
<<< END\r\n
>>> mg foo v\r\n
>>> lru_crawler metadump all\r\n
<<< EN\r\n
<<< ERROR cannot pipeline other commands before metadump\r\n
>>> version\r\n
>>> lru_crawler metadump all\r\n
<<< VERSION 1.6.18\r\n
<<< ERROR cannot pipeline other commands before metadump\r\n
>>> get foo\r\n
>>> lru_crawler metadump all\r\n
<<< END\r\n
<<< END\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
