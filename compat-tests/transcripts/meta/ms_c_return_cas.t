# ms c returns the new CAS after a store; on a refused store it answers c0.
>>> ms s3 1 c\r\na\r\nms s3 1 c\r\nb\r\nmg s3 c\r\n
<<< HD c1\r\n
<<< HD c2\r\n
<<< HD c2\r\n
>>> ms s3 1 c C{cas:1}\r\nx\r\n
<<< EX c0\r\n
>>> ms s3 1 c C{cas:2}\r\ny\r\nmg s3 c v\r\n
<<< HD c3\r\n
<<< VA 1 c3\r\ny\r\n
>>> ms s3miss 1 c ME\r\nz\r\nms s3miss 1 c ME\r\nw\r\n
<<< HD c4\r\n
<<< NS c0\r\n
