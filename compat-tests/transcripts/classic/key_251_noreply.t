# an over-long key with noreply: the error is still reported?
>>> set {repeat:251:k} 0 0 1 noreply\r\nx\r\n
<<< ERROR\r\n
>>> delete {repeat:251:k} noreply\r\n
<<<
