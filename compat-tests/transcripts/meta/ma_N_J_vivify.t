# ma N<ttl> creates a missing counter with J (default 0); the created value is returned as is.
>>> ma cnt N0 J10 v\r\nma cnt D5 v t c\r\n
<<< VA 2\r\n10\r\n
<<< VA 2 t-1 c2\r\n15\r\n
>>> ma cnt2 N0 v\r\nma cnt2 N0 v\r\n
<<< VA 1\r\n0\r\n
<<< VA 1\r\n1\r\n
>>> ma cnt3 N100 J7 v t\r\n
<<< VA 1 t100\r\n7\r\n
>>> ma cnt4 J7 v\r\n
<<< NF\r\n
