# The replies of earlier commands in the same read are dropped (no bytes at all), except what memcached has already written (after a get or mn)
>>> version\r\nGET / HTTP/1.1\r\nversion\r\n
<<<
@close
>>> [B] set k 0 0 1\r\nx\r\nincr n 1\r\nGET / HTTP/1.1\r\nget k\r\n
<<< [B]
@close B
>>> [C] get k\r\nGET / HTTP/1.1\r\nversion\r\n
<<< [C] VALUE k 0 1\r\nx\r\nEND\r\n
@close C
>>> [D] mn\r\nversion\r\nGET / HTTP/1.1\r\n
<<< [D] MN\r\n
@close D
>>> [E] get k\r\n
<<< [E] VALUE k 0 1\r\nx\r\nEND\r\n
