# only get and gets may have long lines: a long gat line without a newline closes
>>> gat 10 {repeat:1500:k }
<<<
@close
