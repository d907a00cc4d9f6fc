# stats sizes is disabled by default
>>> stats sizes\r\n
<<< STAT sizes_status disabled\r\n
<<< END\r\n
