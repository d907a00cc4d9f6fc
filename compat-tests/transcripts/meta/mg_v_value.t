# mg v returns VA <len> and the data block; a miss is EN.
>>> ms g2 5\r\nhello\r\nmg g2 v\r\n
<<< HD\r\n
<<< VA 5\r\nhello\r\n
>>> mg g2nope v\r\n
<<< EN\r\n
