# P and L (proxy hints) are accepted and not echoed, with or without a token.
>>> ms g24 1\r\na\r\nmg g24 P v\r\nmg g24 L v\r\nmg g24 Pfoo Lbar v\r\n
<<< HD\r\n
<<< VA 1\r\na\r\n
<<< VA 1\r\na\r\n
<<< VA 1\r\na\r\n
