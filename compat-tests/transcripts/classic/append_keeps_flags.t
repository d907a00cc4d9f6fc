# append ignores its flags and exptime arguments: the item keeps flags 0 and no expiry (sent as one pipeline so the clock cannot tick in between)
>>> set s1 0 0 1\r\na\r\n
>>> append s1 5 5 1\r\nb\r\n
>>> get s1\r\n
>>> mg s1 t f\r\n
<<< STORED\r\n
<<< STORED\r\n
<<< VALUE s1 0 2\r\nab\r\n
<<< END\r\n
<<< HD t-1 f0\r\n
