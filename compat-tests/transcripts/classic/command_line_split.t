# a command line that arrives in pieces is waited for
>>> get
<<<
@sleep 0.3
>>>  k1
<<<
@sleep 0.3
>>> \r\n
<<< END\r\n
