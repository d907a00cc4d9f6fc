# b with a key that is not valid base64.
>>> mg !!!! b v\r\n
<<< CLIENT_ERROR error decoding key\r\n
>>> mg Zm9 b v\r\n
<<< CLIENT_ERROR error decoding key\r\n
>>> mg a b v\r\n
<<< CLIENT_ERROR error decoding key\r\n
