# more keys than fit in one token batch (memcached splits at 24 tokens)
>>> set k5 0 0 2\r\nv5\r\n
<<< STORED\r\n
>>> set k30 0 0 3\r\nv30\r\n
<<< STORED\r\n
>>> get k1 k2 k3 k4 k5 k6 k7 k8 k9 k10 k11 k12 k13 k14 k15 k16 k17 k18 k19 k20 k21 k22 k23 k24 k25 k26 k27 k28 k29 k30 k31\r\n
<<< VALUE k5 0 2\r\nv5\r\n
<<< VALUE k30 0 3\r\nv30\r\n
<<< END\r\n
>>> gets k1 k2 k3 k4 k5 k6 k7 k8 k9 k10 k11 k12 k13 k14 k15 k16 k17 k18 k19 k20 k21 k22 k23 k24 k25 k26 k27 k28 k29 k30 k31\r\n
<<< VALUE k5 0 2 1\r\nv5\r\n
<<< VALUE k30 0 3 2\r\nv30\r\n
<<< END\r\n
