# Malformed mg lines: no key, trailing spaces, double spaces between flags.
>>> mg\r\n
<<< ERROR\r\n
>>> mg \r\n
<<< ERROR\r\n
>>> ms g28 1\r\na\r\n
<<< HD\r\n
>>> mg g28  v\r\n
<<< VA 1\r\na\r\n
>>> mg g28 v \r\n
<<< VA 1\r\na\r\n
>>> mg  g28 v\r\n
<<< VA 1\r\na\r\n
