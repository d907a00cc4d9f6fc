# md q hides HD but not NF (or EX); mn ends the pipeline.
>>> md qk q\r\nmd qk q\r\nmn\r\n
<<< NF\r\n
<<< NF\r\n
<<< MN\r\n
>>> ms qk 1\r\na\r\nmd qk q\r\nmd qk q\r\nmn\r\n
<<< HD\r\n
<<< NF\r\n
<<< MN\r\n
>>> ms qk 1\r\na\r\nmd qk q C99\r\nmn\r\n
<<< HD\r\n
<<< EX\r\n
<<< MN\r\n
