# a pipeline split in odd places across writes
>>> set a 0 0 5\r\nhel
<<<
@sleep 0.2
>>> lo\r\nge
<<< STORED\r\n
@sleep 0.2
>>> t a\r\nde
<<< VALUE a 0 5\r\nhello\r\n
<<< END\r\n
@sleep 0.2
>>> lete a\r\nget a\r\n
<<< DELETED\r\n
<<< END\r\n
