# a bad data chunk with noreply: the error is suppressed, but the leftover line still parses as a command
>>> set bd 0 0 3 noreply\r\nabcdef\r\n
<<< ERROR\r\n
>>> get bd\r\n
<<< END\r\n
