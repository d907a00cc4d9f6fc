# 2049 bytes without a newline close the connection
>>> {repeat:2049:z}
<<<
@close
