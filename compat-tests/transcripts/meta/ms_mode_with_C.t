# C together with modes: replace and append honour C; add with C on a present key is NS.
>>> ms mc 1\r\na\r\nmg mc c\r\n
<<< HD\r\n
<<< HD c1\r\n
>>> ms mc 1 MR C99\r\nb\r\n
<<< EX\r\n
>>> ms mc 1 MA C{cas:1}\r\nb\r\nmg mc v c\r\n
<<< HD\r\n
<<< VA 2 c2\r\nab\r\n
>>> ms mc 1 MP C{cas:1}\r\nc\r\n
<<< EX\r\n
>>> ms mc 1 ME C{cas:2}\r\nd\r\n
<<< NS\r\n
>>> ms mcx 1 MA C{cas:2}\r\nd\r\n
<<< NS\r\n
>>> ms mcx 1 ME C{cas:2}\r\nd\r\nmg mcx v\r\n
<<< HD\r\n
<<< VA 1\r\nd\r\n
