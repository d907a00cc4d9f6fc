# ma increments by 1: HD on success, NF when the key is missing.
>>> ms n1 1\r\n5\r\nma n1\r\nmg n1 v\r\n
<<< HD\r\n
<<< HD\r\n
<<< VA 1\r\n6\r\n
>>> ma nocnt\r\n
<<< NF\r\n
>>> ma n1 v\r\nma n1 v\r\n
<<< VA 1\r\n7\r\n
<<< VA 1\r\n8\r\n
