# a space before the command name
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>>  get a\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
