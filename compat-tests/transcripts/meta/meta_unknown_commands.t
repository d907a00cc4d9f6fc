# Unknown meta-like commands answer ERROR; lease-get/lease-set/metaget do not exist in memcached.
>>> mx k\r\n
<<< ERROR\r\n
>>> lease-get foo\r\n
<<< ERROR\r\n
>>> metaget foo\r\n
<<< ERROR\r\n
>>> MG foo v\r\n
<<< ERROR\r\n
>>> mgx foo\r\n
<<< ERROR\r\n
