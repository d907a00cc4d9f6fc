# ma on a non-numeric value, an empty value, or a vivified stub.
>>> ms n8 3\r\nabc\r\nma n8\r\n
<<< HD\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> ms n8b 0\r\n\r\nma n8b v\r\n
<<< HD\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> mg n8c N30\r\nma n8c v\r\n
<<< HD W\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
>>> ms n8d 2\r\n-5\r\nma n8d\r\n
<<< HD\r\n
<<< CLIENT_ERROR cannot increment or decrement non-numeric value\r\n
