# mg O echoes the opaque token; the token (O included) may be 32 bytes, 33 is an error; a bare O echoes "O".
>>> ms g10 1\r\na\r\nmg g10 O123\r\nmg g10 v Oabc\r\n
<<< HD\r\n
<<< HD O123\r\n
<<< VA 1 Oabc\r\na\r\n
>>> mg g10 O9999999999999999999999999999999\r\n
<<< HD O9999999999999999999999999999999\r\n
>>> mg g10 O99999999999999999999999999999999\r\n
<<< CLIENT_ERROR opaque token too long\r\n
>>> mg g10nope O9999999999999999999999999999999\r\n
<<< EN O9999999999999999999999999999999\r\n
>>> mg g10 O\r\n
<<< HD O\r\n
