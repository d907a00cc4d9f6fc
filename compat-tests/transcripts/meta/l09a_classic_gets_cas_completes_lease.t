# L9: a classic client can complete a meta lease with gets + cas.
>>> mg lk8 c v N30\r\n
<<< VA 0 c1 W\r\n\r\n
>>> [C] gets lk8\r\n
<<< [C] VALUE lk8 0 0 1\r\n\r\n
<<< [C] END\r\n
>>> [C] cas lk8 0 60 3 {cas:1}\r\nxyz\r\n
<<< [C] STORED\r\n
>>> mg lk8 c v\r\n
<<< VA 3 c2\r\nxyz\r\n
