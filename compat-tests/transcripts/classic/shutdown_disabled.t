# shutdown is refused unless the server was started with -A
>>> shutdown\r\n
<<< ERROR: shutdown not enabled\r\n
>>> shutdown graceful\r\n
<<< ERROR: shutdown not enabled\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
