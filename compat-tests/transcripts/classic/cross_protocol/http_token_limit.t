# Only the first 23 tokens are looked at: HTTP/1.1 as the 23rd token closes, as the 24th it does not
>>> GET {repeat:22:a }HTTP/1.1\r\n
<<< ERROR\r\n
>>> [B] GET {repeat:21:a }HTTP/1.1\r\n
<<< [B]
@close B
