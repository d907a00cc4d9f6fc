# UTF-8 and high bytes in keys are plain bytes
>>> set caf\xc3\xa9 0 0 2\r\nok\r\n
<<< STORED\r\n
>>> get caf\xc3\xa9\r\n
<<< VALUE caf\xc3\xa9 0 2\r\nok\r\n
<<< END\r\n
>>> get cafe\r\n
<<< END\r\n
>>> set \xff\xfe 0 0 1\r\nh\r\n
<<< STORED\r\n
>>> get \xff\xfe\r\n
<<< VALUE \xff\xfe 0 1\r\nh\r\n
<<< END\r\n
