# A repeated flag is refused with CLIENT_ERROR duplicate flag; the connection stays usable.
>>> ms g25 1\r\na\r\nmg g25 v v\r\n
<<< HD\r\n
<<< CLIENT_ERROR duplicate flag\r\n
>>> mg g25 c s c\r\n
<<< CLIENT_ERROR duplicate flag\r\n
>>> mg g25 v\r\n
<<< VA 1\r\na\r\n
