# Expired items are misses for mg (and N vivifies a new stub in their place).
>>> ms g29 1 T-1\r\na\r\nmg g29 v\r\n
<<< HD\r\n
<<< EN\r\n
>>> ms g29b 1 T1\r\na\r\n
<<< HD\r\n
@sleep 2.2
>>> mg g29b v\r\nmg g29b v N30 c\r\n
<<< EN\r\n
<<< VA 0 c3 W\r\n\r\n
