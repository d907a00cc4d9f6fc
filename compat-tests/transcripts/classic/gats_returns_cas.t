# gats returns the CAS, which the touch does not change
>>> set t 5 0 1\r\nv\r\n
<<< STORED\r\n
>>> gets t\r\n
<<< VALUE t 5 1 1\r\nv\r\n
<<< END\r\n
>>> gats 100 t\r\n
<<< VALUE t 5 1 1\r\nv\r\n
<<< END\r\n
>>> gets t\r\n
<<< VALUE t 5 1 1\r\nv\r\n
<<< END\r\n
