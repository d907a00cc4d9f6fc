# up to 100 leading spaces before a long get are tolerated
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> {repeat:50: }get {repeat:1500:k }
<<<
@sleep 0.3
>>> \r\n
<<< {repeat:1500:VALUE k 0 1\r\nv\r\n}
<<< END\r\n
