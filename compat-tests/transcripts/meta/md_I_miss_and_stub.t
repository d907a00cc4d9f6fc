# md I on a miss is NF; on a vivified stub it re-arms the win (X W for the next reader).
>>> md nosuchkey I\r\nmd nosuchkey I T30\r\n
<<< NF\r\n
<<< NF\r\n
>>> mg d6 N30 c\r\nmd d6 I\r\nmg d6 c t\r\nmg d6 c t\r\n
<<< HD c1 W\r\n
<<< HD\r\n
<<< HD c2 t30 X W\r\n
<<< HD c2 t30 Z X\r\n
