# cache_memlimit with a size in megabytes answers OK
>>> cache_memlimit 100\r\n
<<< OK\r\n
>>> cache_memlimit 64 noreply\r\n
<<<
>>> cache_memlimit 8\r\n
<<< OK\r\n
