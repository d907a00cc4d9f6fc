# ms I without C is ignored: a normal store, not stale.
>>> ms lk13 2 I\r\nhi\r\nmg lk13 c v\r\n
<<< HD\r\n
<<< VA 2 c1\r\nhi\r\n
>>> md lk13 I\r\nms lk13 2 I\r\nho\r\nmg lk13 c v\r\n
<<< HD\r\n
<<< HD\r\n
<<< VA 2 c3\r\nho\r\n
