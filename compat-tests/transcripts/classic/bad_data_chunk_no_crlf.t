# data of the right length not followed by \r\n
>>> set bd 0 0 3\r\nabcd\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
>>> get bd\r\n
<<< END\r\n
