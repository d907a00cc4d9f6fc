# Numeric flag tokens that do not parse: CLIENT_ERROR bad token in command line format.
>>> ms g27 1\r\na\r\n
<<< HD\r\n
>>> mg g27 Tabc\r\n
<<< CLIENT_ERROR bad token in command line format\r\n
>>> mg g27 N\r\n
<<< CLIENT_ERROR bad token in command line format\r\n
>>> mg g27 R-\r\n
<<< CLIENT_ERROR bad token in command line format\r\n
>>> mg g27 T99999999999999999999\r\n
<<< CLIENT_ERROR bad token in command line format\r\n
>>> mg g27 v\r\n
<<< VA 1\r\na\r\n
