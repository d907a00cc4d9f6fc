# Lines that end in an HTTP-looking token but are answered: lowercase, known commands, other positions, and commands memcached dispatches by their first byte
>>> get a http/1.1\r\n
<<< END\r\n
>>> get / HTTP/1.1\r\n
<<< END\r\n
>>> version HTTP/1.1\r\n
<<< VERSION 1.6.18\r\n
>>> GET HTTP/1.1 x\r\n
<<< ERROR\r\n
>>> GET /\r\n
<<< ERROR\r\n
>>> FOO bar HTTPX\r\n
<<< ERROR\r\n
>>> gxx / HTTP/1.1\r\n
<<< ERROR\r\n
>>> delet / HTTP/1.1\r\n
<<< ERROR\r\n
>>> tea / HTTP/1.1\r\n
<<< ERROR\r\n
>>> mx HTTP/1.1\r\n
<<< ERROR\r\n
>>> H HTTP/1.1\r\n
<<< ERROR\r\n
>>> extstore HTTP/1.1\r\n
<<< ERROR\r\n
>>> set HTTP/1.1\r\n
<<< ERROR\r\n
>>> verbosity HTTP/1.1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> flush_all HTTP/1.1\r\n
<<< CLIENT_ERROR invalid exptime argument\r\n
