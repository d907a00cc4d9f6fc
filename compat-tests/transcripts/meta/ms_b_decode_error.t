# ms b with a key that is not valid base64: CLIENT_ERROR error decoding key (data swallowed?).
>>> ms !!!! 2 b\r\nhi\r\n
<<< CLIENT_ERROR error decoding key\r\n
>>> mn\r\n
<<< MN\r\n
>>> ms a 2 b\r\nhi\r\n
<<< CLIENT_ERROR error decoding key\r\n
>>> mn\r\n
<<< MN\r\n
