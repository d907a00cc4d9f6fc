# ma echoes O and k (1.6.18 accepts them); b takes a base64 key.
>>> ms nf3 2\r\n10\r\nma nf3 O5 k v\r\nma nf3 k O6\r\n
<<< HD\r\n
<<< VA 2 O5 knf3\r\n11\r\n
<<< HD knf3 O6\r\n
>>> ma nf3miss O7 k\r\n
<<< NF O7 knf3miss\r\n
>>> ms cnt 1\r\n1\r\nma Y250 b v k\r\nma !!! b\r\n
<<< HD\r\n
<<< VA 1 kY250 b\r\n2\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
