# mg with no flags: HD on a hit (no value), EN on a miss.
>>> ms g1 3\r\nabc\r\n
<<< HD\r\n
>>> mg g1\r\n
<<< HD\r\n
>>> mg nokey\r\n
<<< EN\r\n
