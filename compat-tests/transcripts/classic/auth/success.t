# -Y: a set whose data is "user password" authenticates; key, flags, exptime and noreply are ignored,
# nothing is stored, extra data tokens are ignored, the data may arrive in pieces, and requests pipelined
# behind the authenticating set run normally.
@flags -Y {dir}/users
>>> set x 0 0 11\r\nuser1 pass1\r\n
<<< STORED\r\n
>>> get x\r\n
<<< END\r\n
>>> [B] set whatever 5 100 11 noreply\r\nuser2 pass2\r\n
<<< [B] STORED\r\n
>>> [C] set x 0 0 17\r\nuser1 pass1 extra\r\n
<<< [C] STORED\r\n
>>> [D] set x 0 0 11\r\nuser1
@sleep 0.2
>>> [D]  pass1\r\n
<<< [D] STORED\r\n
>>> [E] set x 0 0 11\r\nuser1 pass1\r\nset k 0 0 1\r\nv\r\nget k\r\nmn\r\n
<<< [E] STORED\r\n
<<< [E] STORED\r\n
<<< [E] VALUE k 0 1\r\nv\r\n
<<< [E] END\r\n
<<< [E] MN\r\n
