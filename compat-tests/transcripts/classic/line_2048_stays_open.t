# 2048 bytes without a newline are still waited for
>>> {repeat:2048:z}
<<<
@sleep 0.3
>>> \r\n
<<< ERROR\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
