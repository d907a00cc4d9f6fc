# ms I with an older CAS on an item that is NOT stale: stored, marked stale, old TTL kept.
>>> ms si 3 T100\r\nold\r\nmg si c\r\nms si 3 T100\r\nnew\r\nmg si c\r\n
<<< HD\r\n
<<< HD c1\r\n
<<< HD\r\n
<<< HD c2\r\n
>>> ms si 5 I C{cas:1} T5 c\r\nlater\r\nmg si v c t\r\n
<<< HD c3\r\n
<<< VA 5 c3 t100 X W\r\nlater\r\n
>>> mg si v c\r\n
<<< VA 5 c3 Z X\r\nlater\r\n
