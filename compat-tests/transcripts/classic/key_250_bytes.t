# a 250-byte key is the longest accepted: set, get, gets, delete all work
>>> set {repeat:250:k} 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> get {repeat:250:k}\r\n
<<< VALUE {repeat:250:k} 0 1\r\nx\r\n
<<< END\r\n
>>> delete {repeat:250:k}\r\n
<<< DELETED\r\n
