# me with a base64 key, and with malformed lines.
>>> ms foo 1\r\na\r\nme Zm9v b\r\n
<<< HD\r\n
<<< ME foo exp=-1 la=0 cas=1 fetch=no cls=1 size=63\r\n
>>> me\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> me !!!! b\r\n
<<< CLIENT_ERROR bad command line format\r\n
