# ms I with C on a missing key is NF, like a plain C.
>>> ms sk 1 I C5\r\na\r\n
<<< NF\r\n
>>> mg sk v\r\n
<<< EN\r\n
