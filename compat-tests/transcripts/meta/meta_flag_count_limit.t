# The flag-count limit is counted in tokens before flags are checked: mg, md and ma accept 17 flag
# tokens (here 17 repeated flags -> duplicate/invalid error) and refuse 18 as too long; ms, whose
# datalen is a token too, accepts 16 and refuses 17 (and then parses the data line as a command).
>>> mg k{repeat:17: v}\r\n
<<< CLIENT_ERROR duplicate flag\r\n
>>> mg k{repeat:18: v}\r\n
<<< CLIENT_ERROR options flags are too long\r\n
>>> ms k 1{repeat:16: q}\r\na\r\nmn\r\n
<<< CLIENT_ERROR duplicate flag\r\n
<<< MN\r\n
>>> ms k 1{repeat:17: q}\r\na\r\nmn\r\n
<<< CLIENT_ERROR options flags too long\r\n
<<< ERROR\r\n
<<< MN\r\n
>>> md k{repeat:17: q}\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> md k{repeat:18: q}\r\n
<<< CLIENT_ERROR options flags too long\r\n
>>> ma k{repeat:17: q}\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma k{repeat:18: q}\r\n
<<< CLIENT_ERROR options flags too long\r\n
>>> ms full 3 T100 F2\r\nabc\r\nmg full s c f h k l t v O1 u P L N30 R30 T50 q\r\nmn\r\n
<<< HD\r\n
<<< VA 3 s3 c1 f2 h0 kfull l0 t100 O1\r\nabc\r\n
<<< MN\r\n
