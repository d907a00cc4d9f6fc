# md deletes: HD when present, NF when missing; the key is gone afterwards.
>>> ms d1 1\r\na\r\nmd d1\r\nmg d1 v\r\nmd d1\r\n
<<< HD\r\n
<<< HD\r\n
<<< EN\r\n
<<< NF\r\n
>>> ms d1 1\r\nb\r\nget d1\r\n
<<< HD\r\n
<<< VALUE d1 0 1\r\nb\r\n
<<< END\r\n
