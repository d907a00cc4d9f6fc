# errors inside a pipeline do not desynchronise the replies
# (no over-long key here: memcached 1.6.18 then drops the replies queued before it in the same read,
# a desync bug that is deliberately not part of the reference; see README)
>>> set a 0 0 1\r\n1\r\nbogus\r\nget a\r\nincr a x\r\nGET a\r\ndelete a 5\r\nincr a\r\nflush_all x\r\nget a\r\n
<<< STORED\r\n
<<< ERROR\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
<<< CLIENT_ERROR invalid numeric delta argument\r\n
<<< ERROR\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
<<< ERROR\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< END\r\n
