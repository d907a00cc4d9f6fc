# version answers VERSION and the version string
>>> version\r\n
<<< VERSION 1.6.18\r\n
