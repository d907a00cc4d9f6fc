# unknown commands get ERROR and the connection stays usable
>>> foo\r\n
<<< ERROR\r\n
>>> foo bar baz\r\n
<<< ERROR\r\n
>>> getx a\r\n
<<< ERROR\r\n
>>> lease-get foo\r\n
<<< ERROR\r\n
>>> metaget foo\r\n
<<< ERROR\r\n
>>> misbehave\r\n
<<< ERROR\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
