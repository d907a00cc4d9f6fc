# with -M (no evictions) and -m 2, 100 KB values fill memory: later sets get SERVER_ERROR out of memory
# storing object, their data is swallowed and the connection stays usable (the number that fit
# depends on memcached's slab sizing: 1 MiB pages, growth factor 1.25)
@flags -m 2 -M
>>> set k0 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k1 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k2 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k3 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k4 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k5 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k6 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k7 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k8 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k9 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k10 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k11 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k12 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k13 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k14 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k15 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k16 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k17 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k18 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k19 0 0 100000\r\n{repeat:100000:x}\r\n
<<< STORED\r\n
>>> set k20 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k21 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k22 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k23 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k24 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k25 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k26 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k27 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k28 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> set k29 0 0 100000\r\n{repeat:100000:x}\r\n
<<< SERVER_ERROR out of memory storing object\r\n
>>> get k0\r\n
<<< VALUE k0 0 100000\r\n{repeat:100000:x}\r\n
<<< END\r\n
>>> set small 0 0 1\r\ns\r\n
<<< STORED\r\n
