# an extra token after noreply makes the command ERROR
>>> set x 0 0 1 noreply extra\r\nv\r\n
<<< ERROR\r\n
<<< ERROR\r\n
>>> get x\r\n
<<< END\r\n
