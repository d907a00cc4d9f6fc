# several spaces between tokens of a storage command are accepted
>>> set sp2  0  0  1\r\nx\r\n
<<< STORED\r\n
>>> get sp2\r\n
<<< VALUE sp2 0 1\r\nx\r\n
<<< END\r\n
