# mn answers MN; extra tokens are ignored; a string of them stays in order.
>>> mn\r\n
<<< MN\r\n
>>> mn foo bar\r\n
<<< MN\r\n
>>> mn\r\nmn\r\nmn\r\n
<<< MN\r\n
<<< MN\r\n
<<< MN\r\n
