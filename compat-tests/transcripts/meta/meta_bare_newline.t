# Meta commands terminated by a bare LF are accepted like CRLF ones.
>>> ms bn 2\nhi\r\nmg bn v\n
<<< HD\r\n
<<< VA 2\r\nhi\r\n
>>> mn\n
<<< MN\r\n
