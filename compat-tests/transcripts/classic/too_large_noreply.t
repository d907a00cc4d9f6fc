# too large with noreply: silent, the data is still swallowed
>>> set big 0 0 1100000 noreply\r\n{repeat:1100000:x}\r\n
<<<
>>> get big\r\n
<<< END\r\n
