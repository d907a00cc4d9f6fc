# An HTTP POST whose body is a memcached command: the connection closes at the request line, the body never runs
>>> POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 22\r\n\r\nset pwn 0 0 5\r\nowned\r\n
<<<
@close
>>> [B] get pwn\r\n
<<< [B] END\r\n
