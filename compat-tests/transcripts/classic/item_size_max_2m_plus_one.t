# with -I 2m the old 1 MiB limit no longer applies; 2 MiB + 1 byte is still refused
@flags -I 2m
>>> set a 0 0 2097153\r\n{repeat:2097153:a}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> get a\r\n
<<< END\r\n
