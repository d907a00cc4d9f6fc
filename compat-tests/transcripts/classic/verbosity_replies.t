# verbosity with a level answers OK
>>> verbosity 1\r\n
<<< OK\r\n
>>> verbosity 0\r\n
<<< OK\r\n
>>> verbosity 2\r\n
<<< OK\r\n
