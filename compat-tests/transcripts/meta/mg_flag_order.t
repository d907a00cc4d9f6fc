# Returned flags follow the request order, whatever it is.
>>> ms g22 3 F5 T100\r\nabc\r\nmg g22 v s f t\r\nmg g22 t f s v\r\nmg g22 k f Oz s\r\n
<<< HD\r\n
<<< VA 3 s3 f5 t100\r\nabc\r\n
<<< VA 3 t100 f5 s3\r\nabc\r\n
<<< HD kg22 f5 Oz s3\r\n
