# a bad data chunk on an existing key
>>> set bd 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> set bd 0 0 3\r\nabcdef\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
>>> get bd\r\n
<<< VALUE bd 0 1\r\nx\r\n
<<< END\r\n
