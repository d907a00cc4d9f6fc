# L9: each md I re-arms the win: X W for the first reader after it, Z X afterwards.
>>> ms st9 2\r\nok\r\n
<<< HD\r\n
>>> md st9 I\r\nmg st9 c\r\nmg st9 c\r\n
<<< HD\r\n
<<< HD c2 X W\r\n
<<< HD c2 Z X\r\n
>>> [B] md st9 I\r\nmg st9 c\r\nmg st9 c\r\n
<<< [B] HD\r\n
<<< [B] HD c3 X W\r\n
<<< [B] HD c3 Z X\r\n
