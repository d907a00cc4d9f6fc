# ma flag errors: invalid and duplicate flags, bad delta/initial/TTL tokens, too many flags.
# E (and md x) are flags added after memcached 1.6.18, which rejects them; swiftcached implements them
# (README, compatibility table), so they are tested in superset/ instead.
>>> ms n10 1\r\n1\r\n
<<< HD\r\n
>>> ma n10 Y\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 v v\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 Dabc\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 D-1\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 D18446744073709551616\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 Jabc N0\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 Tabc\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 Nabc\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> ma n10 O123456789012345678901234567890123\r\n
<<< CLIENT_ERROR opaque token too long\r\n
>>> ma n10 a b c d e f g h i j k l m n o p q r s t\r\n
<<< CLIENT_ERROR options flags too long\r\n
>>> ma\r\n
<<< ERROR\r\n
>>> mg n10 v\r\n
<<< VA 1\r\n2\r\n
