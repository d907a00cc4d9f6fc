# ms C<cas>: stores only if the CAS matches (HD), EX on mismatch, NF when the key is missing.
>>> ms s4 1\r\na\r\nmg s4 c\r\n
<<< HD\r\n
<<< HD c1\r\n
>>> ms s4 1 C99\r\nb\r\n
<<< EX\r\n
>>> ms s4 1 C{cas:1}\r\nc\r\nmg s4 c v\r\n
<<< HD\r\n
<<< VA 1 c2\r\nc\r\n
>>> ms s4 1 C{cas:1}\r\nd\r\n
<<< EX\r\n
>>> ms s4missing 1 C{cas:1}\r\ne\r\n
<<< NF\r\n
>>> ms s4 1 C0\r\nf\r\nmg s4 c v\r\n
<<< EX\r\n
<<< VA 1 c2\r\nc\r\n
