# stats slabs on an empty cache
>>> stats slabs\r\n
<<< STAT active_slabs 0\r\n
<<< STAT total_malloced 0\r\n
<<< END\r\n
>>> stats items\r\n
<<< END\r\n
