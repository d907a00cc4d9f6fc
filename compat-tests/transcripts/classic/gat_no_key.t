# gat with an exptime but no key
>>> gat 10\r\n
<<< END\r\n
>>> gats 10\r\n
<<< END\r\n
