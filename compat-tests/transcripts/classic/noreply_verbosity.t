# verbosity noreply is silent
>>> verbosity 1 noreply\r\n
<<<
>>> verbosity 0 noreply\r\n
<<<
