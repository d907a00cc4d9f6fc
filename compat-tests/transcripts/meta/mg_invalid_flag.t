# An unknown flag is refused with CLIENT_ERROR invalid flag.
>>> mg g26 Y\r\n
<<< CLIENT_ERROR invalid flag\r\n
>>> mg g26 v 1\r\n
<<< CLIENT_ERROR invalid flag\r\n
>>> mg g26 v E5\r\n
<<< CLIENT_ERROR invalid flag\r\n
>>> mg g26 M\r\n
<<< CLIENT_ERROR incorrect length for M token\r\n
