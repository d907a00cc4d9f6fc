# retrieval commands have no noreply: the word is taken as a key
>>> set noreply 0 0 1\r\nn\r\n
<<< STORED\r\n
>>> get a noreply\r\n
<<< VALUE noreply 0 1\r\nn\r\n
<<< END\r\n
