# ms b: base64 key; stored under the decoded key, k echoes the encoded key and b.
>>> ms Zm9vYmFy 3 b k\r\nabc\r\n
<<< HD kZm9vYmFy b\r\n
>>> get foobar\r\n
<<< VALUE foobar 0 3\r\nabc\r\n
<<< END\r\n
>>> mg Zm9vYmFy b v k\r\n
<<< VA 3 kZm9vYmFy b\r\nabc\r\n
>>> ms Zm9vYmFy 3 b\r\nxyz\r\nmg foobar v\r\n
<<< HD\r\n
<<< VA 3\r\nxyz\r\n
