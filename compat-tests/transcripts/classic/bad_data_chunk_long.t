# data longer than announced: bad data chunk, and the rest of the line parses as a command
>>> set bd 0 0 3\r\nabcdef\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
>>> get bd\r\n
<<< END\r\n
