# keys are case sensitive
>>> set Key 0 0 1\r\nU\r\n
<<< STORED\r\n
>>> set key 0 0 1\r\nl\r\n
<<< STORED\r\n
>>> get key Key KEY\r\n
<<< VALUE key 0 1\r\nl\r\n
<<< VALUE Key 0 1\r\nU\r\n
<<< END\r\n
