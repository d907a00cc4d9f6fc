# An unknown flag is refused with CLIENT_ERROR invalid flag.
# E (and md x) are flags added after memcached 1.6.18, which rejects them; swiftcached implements them
# (README, compatibility table), so they are tested in superset/ instead.
>>> mg g26 Y\r\n
<<< CLIENT_ERROR invalid flag\r\n
>>> mg g26 v 1\r\n
<<< CLIENT_ERROR invalid flag\r\n
>>> mg g26 M\r\n
<<< CLIENT_ERROR incorrect length for M token\r\n
