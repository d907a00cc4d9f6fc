# The meta-memcache "mark stale on CAS mismatch" write (ms I with the reader's old CAS) after a
# (TTLs are only read in the write that set them, so a clock tick between round trips cannot matter.)
# concurrent update: stored but stale, so the next reader re-wins and recomputes.
>>> [A] ms sc1 2 T60 F1\r\nv1\r\n
<<< HD\r\n
>>> [A] mg sc1 f v c\r\n
<<< VA 2 f1 c1\r\nv1\r\n
>>> [C] ms sc1 2 T60 F1\r\nv2\r\n
<<< [C] HD\r\n
>>> [A] ms sc1 5 I T60 F1 C{cas:1}\r\nv1new\r\n
<<< HD\r\n
>>> [B] mg sc1 f v c\r\n
<<< [B] VA 5 f1 c3 X W\r\nv1new\r\n
>>> [C] mg sc1 f v c\r\n
<<< [C] VA 5 f1 c3 Z X\r\nv1new\r\n
