# slabs reassign on a fresh server: SAME before BADCLASS, BADCLASS bounds, NOSPARE (empty pool, classes
# without a spare page, -1 with no class to take from), bad numbers and the token-count ERRORs
>>> slabs reassign 4 4\r\n
<<< SAME src and dst class are identical\r\n
>>> slabs reassign 99 99\r\n
<<< SAME src and dst class are identical\r\n
>>> slabs reassign 99 4\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign 4 40\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign 4 64\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign 4 -1\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign -2 15\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign 0 4\r\n
<<< NOSPARE source class has no spare pages\r\n
>>> slabs reassign 5 4\r\n
<<< NOSPARE source class has no spare pages\r\n
>>> slabs reassign 1 2\r\n
<<< NOSPARE source class has no spare pages\r\n
>>> slabs reassign -1 15\r\n
<<< BADCLASS invalid src or dst class id\r\n
>>> slabs reassign 1 39\r\n
<<< NOSPARE source class has no spare pages\r\n
>>> slabs reassign x y\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> slabs reassign 1 y\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> slabs reassign 1\r\n
<<< ERROR\r\n
>>> slabs reassign 1 2 3\r\n
<<< ERROR\r\n
>>> slabs reassign 1 2 noreply\r\n
<<< ERROR\r\n
>>> slabs reassign\r\n
<<< ERROR\r\n
>>> slabs\r\n
<<< ERROR\r\n
>>> slabs foo\r\n
<<< ERROR\r\n
>>> slabs foo bar baz\r\n
<<< ERROR\r\n
