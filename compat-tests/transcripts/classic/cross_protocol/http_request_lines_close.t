# An unknown command whose last token starts with HTTP/ (case-sensitive) closes the connection without a byte
# memcached 1.6.18's captured lines, each on its own connection; the server keeps serving the others
>>> GET / HTTP/1.0\r\n
<<<
@close
>>> [B] PUT /a HTTP/1.1\r\n
<<< [B]
@close B
>>> [C] FOO bar HTTP/2\r\n
<<< [C]
@close C
>>> [D] HTTP/1.1\r\n
<<< [D]
@close D
>>> [E] FOO bar HTTP/\r\n
<<< [E]
@close E
>>> [F] GET / HTTP/1.1\n
<<< [F]
@close F
>>> [G] post / HTTP/1.1\r\n
<<< [G]
@close G
>>> [H] mxy HTTP/1.1\r\n
<<< [H]
@close H
>>> [I]   GET\t/ HTTP/1.1 \r\n
<<< [I]
@close I
>>> [J] xx HTTP/1.1\0zz\r\n
<<< [J]
@close J
>>> [K] version\r\n
<<< [K] VERSION 1.6.18\r\n
