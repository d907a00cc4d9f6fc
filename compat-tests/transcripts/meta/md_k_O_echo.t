# md k and O echo the key and opaque on HD, NF and EX.
>>> ms d4 1\r\na\r\nmd d4 k O1\r\nmd d4 O2 k\r\n
<<< HD\r\n
<<< HD kd4 O1\r\n
<<< NF O2 kd4\r\n
>>> ms d4 1\r\na\r\nmd d4 k C999 O3\r\n
<<< HD\r\n
<<< EX kd4 O3\r\n
>>> md d4 q k O4\r\nmd d4 q k O5\r\nmn\r\n
<<< NF kd4 O5\r\n
<<< MN\r\n
