# cache_memlimit without a size, with a bad one, and with extra tokens
>>> cache_memlimit\r\n
<<< ERROR\r\n
>>> cache_memlimit abc\r\n
<<< ERROR\r\n
>>> cache_memlimit -1\r\n
<<< ERROR\r\n
>>> cache_memlimit 10 20 30\r\n
<<< ERROR\r\n
