# Classic touch and gat extend a stub (and its lease) without changing its CAS; classic replace
# replaces it (a mutation), which revokes the lease.
>>> [A] mg rt1 c t v N30\r\n
<<< VA 0 c1 t-1 W\r\n\r\n
>>> [C] touch rt1 300\r\ngat 400 rt1\r\n
<<< [C] TOUCHED\r\n
<<< [C] VALUE rt1 0 0\r\n\r\n
<<< [C] END\r\n
>>> [B] mg rt1 c t v N30\r\n
<<< [B] VA 0 c1 t400 Z\r\n\r\n
>>> [C] replace rt1 0 60 3\r\nrep\r\n
<<< [C] STORED\r\n
>>> [A] ms rt1 4 C{cas:1}\r\nfill\r\n
<<< EX\r\n
>>> [B] mg rt1 c v\r\n
<<< [B] VA 3 c2\r\nrep\r\n
