# mg l returns seconds since the last access (0 right after the store).
>>> ms g8 1\r\na\r\nmg g8 l\r\nmg g8 l h v\r\n
<<< HD\r\n
<<< HD l0\r\n
<<< VA 1 l0 h1\r\na\r\n
