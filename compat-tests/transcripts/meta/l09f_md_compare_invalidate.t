# L9: md I with C only invalidates when the CAS matches; md I on a miss is NF.
>>> ms lk11 3 T0\r\nabc\r\nmg lk11 c\r\n
<<< HD\r\n
<<< HD c1\r\n
>>> md lk11 I C999999\r\n
<<< EX\r\n
>>> md lk11 I C{cas:1}\r\n
<<< HD\r\n
>>> mg lk11 c v\r\n
<<< VA 3 c2 X W\r\nabc\r\n
>>> md nosuchkey I\r\n
<<< NF\r\n
