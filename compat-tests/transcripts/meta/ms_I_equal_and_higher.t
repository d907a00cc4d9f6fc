# ms I with the current CAS is a normal store; with a higher CAS it is EX.
>>> ms sj 1\r\na\r\nmg sj c\r\n
<<< HD\r\n
<<< HD c1\r\n
>>> ms sj 1 I C1000\r\nb\r\n
<<< EX\r\n
>>> ms sj 1 I C{cas:1} c\r\nc\r\nmg sj c v\r\n
<<< HD c2\r\n
<<< VA 1 c2\r\nc\r\n
