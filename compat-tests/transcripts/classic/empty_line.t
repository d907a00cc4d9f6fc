# an empty line (\r\n or \n) is an unknown command
>>> \r\n
<<< ERROR\r\n
>>> \n
<<< ERROR\r\n
>>> get a\r\n
<<< END\r\n
