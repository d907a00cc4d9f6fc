# ma C<cas>: arithmetic only if the CAS matches (EX otherwise).
>>> ms n6 1\r\n1\r\nmg n6 c\r\n
<<< HD\r\n
<<< HD c1\r\n
>>> ma n6 C99 v\r\nma n6 C{cas:1} v c\r\nma n6 C{cas:1} v\r\n
<<< EX\r\n
<<< VA 1 c2\r\n2\r\n
<<< EX\r\n
>>> ma n6miss C{cas:1} v\r\n
<<< NF\r\n
