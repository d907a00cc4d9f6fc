# mg k returns the key; with v the key token comes among the flags, value after.
>>> ms g9 2\r\nhi\r\nmg g9 k\r\nmg g9 k v\r\nmg g9 v k s\r\n
<<< HD\r\n
<<< HD kg9\r\n
<<< VA 2 kg9\r\nhi\r\n
<<< VA 2 kg9 s2\r\nhi\r\n
