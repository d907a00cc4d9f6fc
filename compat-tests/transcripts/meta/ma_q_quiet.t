# ma q hides HD and, in 1.6.18, also a VA reply; NF (and errors) are still returned.
>>> ms n7 1\r\n1\r\nma n7 q\r\nma n7miss q\r\nma n7 q v\r\nmn\r\nmg n7 v\r\n
<<< HD\r\n
<<< NF\r\n
<<< MN\r\n
<<< VA 1\r\n3\r\n
