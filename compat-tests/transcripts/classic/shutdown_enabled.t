# with -A, shutdown stops the server: the connection is closed
@flags -A
@exits
>>> shutdown\r\n
<<<
@close
