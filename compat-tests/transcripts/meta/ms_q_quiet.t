# ms q hides HD only; EX, NS and NF are still reported. mn ends the pipeline.
>>> ms qk 1 q\r\na\r\nmn\r\n
<<< MN\r\n
>>> ms qk 1 q C99\r\nb\r\nmn\r\n
<<< EX\r\n
<<< MN\r\n
>>> ms qk 1 q ME\r\nb\r\nmn\r\n
<<< NS\r\n
<<< MN\r\n
>>> ms qk2 1 q MR\r\nb\r\nmn\r\n
<<< NS\r\n
<<< MN\r\n
>>> ms qk3 1 q C5\r\nb\r\nmn\r\n
<<< NF\r\n
<<< MN\r\n
>>> ms qa 1 q\r\n1\r\nms qb 1 q\r\n2\r\nms qc 1 q\r\n3\r\nmg qb v\r\nmn\r\n
<<< VA 1\r\n2\r\n
<<< MN\r\n
