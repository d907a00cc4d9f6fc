# version ignores extra arguments
>>> version now please\r\n
<<< VERSION 1.6.18\r\n
