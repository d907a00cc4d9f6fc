# a line of spaces only
>>>    \r\n
<<< ERROR\r\n
