# b: the key is base64. Stored under the decoded key; k echoes the base64 form plus b.
>>> ms Zm9v 2 b\r\nhi\r\nmg Zm9v b k v\r\n
<<< HD\r\n
<<< VA 2 kZm9v b\r\nhi\r\n
>>> get foo\r\n
<<< VALUE foo 0 2\r\nhi\r\n
<<< END\r\n
>>> mg foo k v\r\n
<<< VA 2 kZm9v b\r\nhi\r\n
>>> mg Zm9v b\r\nmg Zm9v b k c s\r\n
<<< HD\r\n
<<< HD kZm9v b c1 s2\r\n
