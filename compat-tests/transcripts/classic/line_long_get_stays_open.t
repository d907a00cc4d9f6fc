# a get line longer than 2048 bytes without a newline yet is waited for
>>> set k 0 0 1\r\nv\r\n
<<< STORED\r\n
>>> get {repeat:1500:k }
<<<
@sleep 0.3
>>> \r\n
<<< {repeat:1500:VALUE k 0 1\r\nv\r\n}
<<< END\r\n
