# A q-mode multi-get pipeline: only hits come back, in order, then MN.
>>> ms p1 1\r\n1\r\nms p3 1\r\n3\r\nms p5 1\r\n5\r\n
<<< HD\r\n
<<< HD\r\n
<<< HD\r\n
>>> mg p1 v q k\r\nmg p2 v q k\r\nmg p3 v q k\r\nmg p4 v q k\r\nmg p5 v q k\r\nmg p6 v q k\r\nmn\r\n
<<< VA 1 kp1\r\n1\r\n
<<< VA 1 kp3\r\n3\r\n
<<< VA 1 kp5\r\n5\r\n
<<< MN\r\n
>>> mg p2 v q O2\r\nmg p4 v q O4\r\nmn\r\n
<<< MN\r\n
