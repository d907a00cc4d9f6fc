# md flag errors: unknown and duplicate flags, bad tokens, opaque too long, too many flags.
# E (and md x) are flags added after memcached 1.6.18, which rejects them; swiftcached implements them
# (README, compatibility table), so they are tested in superset/ instead.
>>> ms d5 1\r\na\r\n
<<< HD\r\n
>>> md d5 Y\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> md d5 q q\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> md d5 Cabc\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> md d5 I Tabc\r\n
<<< CLIENT_ERROR invalid or duplicate flag\r\n
>>> md d5 O123456789012345678901234567890123\r\n
<<< CLIENT_ERROR opaque token too long\r\n
>>> md d5 a b c d e f g h i j k l m n o p q r s t\r\n
<<< CLIENT_ERROR options flags too long\r\n
>>> md\r\n
<<< ERROR\r\n
>>> mg d5 v\r\n
<<< VA 1\r\na\r\n
