# ms without a length, with a non-numeric or negative length: bad command line format.
>>> ms nolen\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> ms badlen abc\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> ms neg -1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> ms\r\n
<<< ERROR\r\n
>>> ms sl 1x\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> mn\r\n
<<< MN\r\n
