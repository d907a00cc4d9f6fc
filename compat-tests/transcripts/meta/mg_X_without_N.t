# A stale item wins for the first reader even without N or R (X W), then Z X.
>>> ms g21 3\r\nold\r\nmd g21 I\r\nmg g21\r\nmg g21\r\nmg g21 v\r\n
<<< HD\r\n
<<< HD\r\n
<<< HD X W\r\n
<<< HD Z X\r\n
<<< VA 3 Z X\r\nold\r\n
