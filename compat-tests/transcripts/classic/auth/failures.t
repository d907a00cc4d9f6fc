# -Y: wrong credentials, malformed tokens and a bad terminator; each leaves the connection
# unauthenticated and open, and a later attempt succeeds.
@flags -Y {dir}/users
>>> set x 0 0 11\r\nuser1 passX\r\n
<<< CLIENT_ERROR authentication failure\r\n
>>> set x 0 0 11\r\nuser9 pass1\r\n
<<< CLIENT_ERROR authentication failure\r\n
>>> set x 0 0 11\r\nuser1 pass2\r\n
<<< CLIENT_ERROR authentication failure\r\n
>>> set x 0 0 12\r\nuser1 pass1\n\r\n
<<< CLIENT_ERROR authentication failure\r\n
>>> set x 0 0 10\r\nuser1pass1\r\n
<<< CLIENT_ERROR bad authentication token format\r\n
>>> set x 0 0 0\r\n\r\n
<<< CLIENT_ERROR bad authentication token format\r\n
>>> set x 0 0 6\r\nuser1 \r\n
<<< CLIENT_ERROR bad authentication token format\r\n
>>> set x 0 0 11\r\nuser1\tpass1\r\n
<<< CLIENT_ERROR bad authentication token format\r\n
>>> set x 0 0 11\r\nuser1 pass1XY
<<< CLIENT_ERROR bad command line termination\r\n
>>> get a\r\n
<<< CLIENT_ERROR unauthenticated\r\n
>>> set x 0 0 11\r\nuser1 pass1\r\n
<<< STORED\r\n
