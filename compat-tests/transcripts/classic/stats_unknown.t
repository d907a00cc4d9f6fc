# an unknown stats group is ERROR
>>> stats foo\r\n
<<< ERROR\r\n
>>> stats items extra\r\n
<<< END\r\n
>>> stats proxy\r\n
<<< ERROR\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
