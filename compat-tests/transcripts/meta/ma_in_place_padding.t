# Decrementing to a shorter number keeps the length (space padded); growing makes a new item.
>>> ms n9 3\r\n100\r\nma n9 MD v\r\nmg n9 v s\r\nget n9\r\n
<<< HD\r\n
<<< VA 2\r\n99\r\n
<<< VA 3 s3\r\n99 \r\n
<<< VALUE n9 0 3\r\n99 \r\n
<<< END\r\n
>>> ma n9 v\r\nma n9 v\r\nmg n9 v s\r\n
<<< VA 3\r\n100\r\n
<<< VA 3\r\n101\r\n
<<< VA 3 s3\r\n101\r\n
>>> ms n9b 2\r\n99\r\nma n9b v s\r\nmg n9b v s\r\n
<<< HD\r\n
<<< VA 3\r\n100\r\n
<<< VA 3 s3\r\n100\r\n
