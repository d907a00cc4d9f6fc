# R never wins on an item without TTL, or whose TTL is larger than the threshold.
>>> ms g18 1\r\na\r\nmg g18 R30 c\r\nmg g18 R99999 c\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD c1\r\n
>>> ms g18b 1 T50\r\na\r\nmg g18b R30 c\r\nmg g18b R51 c\r\nmg g18b R51 c\r\n
<<< HD\r\n
<<< HD c2\r\n
<<< HD c2 W\r\n
<<< HD c2 Z\r\n
