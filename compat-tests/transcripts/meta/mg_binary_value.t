# Values may hold CR, LF, NUL and high bytes; VA uses the length.
>>> ms g31 6\r\na\r\n\x00\xff\n\r\nmg g31 v s\r\n
<<< HD\r\n
<<< VA 6 s6\r\na\r\n\x00\xff\n\r\n
