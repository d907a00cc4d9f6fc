# md C<cas> deletes only if the CAS matches (EX otherwise, NF when missing).
>>> ms d2 1\r\na\r\nmg d2 c\r\n
<<< HD\r\n
<<< HD c1\r\n
>>> md d2 C99\r\nmg d2 v\r\n
<<< EX\r\n
<<< VA 1\r\na\r\n
>>> md d2 C{cas:1}\r\nmg d2 v\r\n
<<< HD\r\n
<<< EN\r\n
>>> md d2 C{cas:1}\r\n
<<< NF\r\n
