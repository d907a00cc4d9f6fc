# ms k and O echo the key and the opaque on success and failure.
>>> ms s5 1 k O1\r\na\r\n
<<< HD ks5 O1\r\n
>>> ms s5 1 O2 k C99\r\nb\r\n
<<< EX O2 ks5\r\n
>>> ms s5x 1 k O3 MR\r\nc\r\n
<<< NS ks5x O3\r\n
>>> ms s5 1 k c O4\r\nd\r\n
<<< HD ks5 c2 O4\r\n
