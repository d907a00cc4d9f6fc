# with -A, shutdown stops the server: the connection is closed
@flags -A
>>> shutdown\r\n
<<<
@close
