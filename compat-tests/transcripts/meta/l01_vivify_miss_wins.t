# L1: mg with N on a missing key vivifies a 0-byte stub and the caller wins (VA 0 ... W, not EN).
# t-1 because t is computed before N applies its TTL (tokens are produced in request order).
>>> mg lk1 s c f t v N30\r\n
<<< VA 0 s0 c1 f0 t-1 W\r\n\r\n
