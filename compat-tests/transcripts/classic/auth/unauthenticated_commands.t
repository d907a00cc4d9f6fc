# -Y: before authenticating, every request but an authenticating set is answered CLIENT_ERROR
# unauthenticated (meta commands, quit and unknown commands too) and the connection stays open; one
# request per write (memcached keeps only the last reply of a read).
@flags -Y {dir}/users
>>> get a\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> version\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> stats\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> quit\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> bogus\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> mn\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> mg a v\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> ms a 2\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> md a\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> add a 0 0 11\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> delete a\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> flush_all\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> set a 0 0\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> set a 0 0 x\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> SET a 0 0 11\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> \r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> [B] shutdown\r\n
<<< [B] CLIENT_ERROR unauthenticated\r\n
>>> set a 0 0 11\r\nuser1 pass1\r\n
<<< STORED\r\n
>>> get a\r\n
<<< END\r\n
>>> [B] set a 0 0 11\r\nuser2 pass2\r\n
<<< [B] STORED\r\n
