# A mixed pipeline of all meta commands in one write; replies come back in order.
>>> ms pm1 2 T0\r\nhi\r\nmg pm1 v k q\r\nmg pm2 v k q\r\nma pmc N0 J1 v\r\nmd pm1 q\r\nmg pm1 v q\r\nmn\r\nmg pm1 v\r\n
<<< HD\r\n
<<< VA 2 kpm1\r\nhi\r\n
<<< VA 1\r\n1\r\n
<<< MN\r\n
<<< EN\r\n
>>> ms pm3 1 q\r\na\r\nms pm3 1 q ME\r\nb\r\nmd pm4 q\r\nma pm4 q\r\nmg pm3 q v O1\r\nmn\r\n
<<< NS\r\n
<<< NF\r\n
<<< NF\r\n
<<< VA 1 O1\r\na\r\n
<<< MN\r\n
