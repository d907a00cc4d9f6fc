# A 0-byte value: VA 0 with an empty data block.
>>> ms g30 0\r\n\r\nmg g30 v s\r\nmg g30 s\r\n
<<< HD\r\n
<<< VA 0 s0\r\n\r\n
<<< HD s0\r\n
