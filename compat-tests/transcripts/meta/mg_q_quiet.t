# mg q hides EN on a miss but still returns hits; a pipeline is closed with mn.
>>> mg qmiss v q\r\nmn\r\n
<<< MN\r\n
>>> ms qhit 2\r\nhi\r\nmg qhit v q\r\nmn\r\n
<<< HD\r\n
<<< VA 2\r\nhi\r\n
<<< MN\r\n
>>> mg qhit q\r\nmg qmiss q\r\nmg qhit q k\r\nmn\r\n
<<< HD\r\n
<<< HD kqhit\r\n
<<< MN\r\n
