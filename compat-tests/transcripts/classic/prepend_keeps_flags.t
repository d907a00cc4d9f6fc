# prepend keeps the old item's flags and exptime (sent as one pipeline so the clock cannot tick in between)
>>> set s1 42 100 1\r\na\r\n
>>> prepend s1 7 0 1\r\nb\r\n
>>> get s1\r\n
>>> mg s1 t f\r\n
<<< STORED\r\n
<<< STORED\r\n
<<< VALUE s1 42 2\r\nba\r\n
<<< END\r\n
<<< HD t100 f42\r\n
