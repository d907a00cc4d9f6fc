# gat with several keys touches each hit (sent as one pipeline so the clock cannot tick in between)
>>> set a 0 0 1\r\n1\r\n
>>> set b 0 0 1\r\n2\r\n
>>> gat 300 a x b\r\n
>>> mg a t\r\n
>>> mg b t\r\n
<<< STORED\r\n
<<< STORED\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
<<< HD t300\r\n
<<< HD t300\r\n
