# A data block longer than declared: CLIENT_ERROR bad data chunk; the rest is parsed as commands.
>>> ms sb 3\r\nabcdef\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
>>> mg sb v\r\n
<<< EN\r\n
>>> ms sb 3\r\nabc\r\nmg sb v\r\n
<<< HD\r\n
<<< VA 3\r\nabc\r\n
>>> ms sb 2\r\nabcd\r\nmn\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
<<< MN\r\n
