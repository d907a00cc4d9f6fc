# ms flag errors: invalid flag, duplicate flag, bad numeric tokens, opaque too long, too many flags.
# E (and md x) are flags added after memcached 1.6.18, which rejects them; swiftcached implements them
# (README, compatibility table), so they are tested in superset/ instead.
>>> ms se 1 Y\r\na\r\n
<<< CLIENT_ERROR invalid flag\r\n
>>> ms se 1 T1 T2\r\na\r\n
<<< CLIENT_ERROR duplicate flag\r\n
>>> ms se 1 Fabc\r\na\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> ms se 1 F-1\r\na\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> ms se 1 Tabc\r\na\r\n
<<< CLIENT_ERROR bad token in command line format\r\n
>>> ms se 1 Cxyz\r\na\r\n
<<< CLIENT_ERROR bad token in command line format\r\n
>>> ms se 1 O123456789012345678901234567890123\r\na\r\n
<<< CLIENT_ERROR opaque token too long\r\n
>>> ms se 1 a b c d e f g h i j k l m n o p q r s t\r\na\r\n
<<< CLIENT_ERROR options flags too long\r\n
<<< ERROR\r\n
>>> ms se 1 v\r\na\r\n
<<< HD\r\n
>>> mg se v\r\n
<<< VA 1\r\na\r\n
