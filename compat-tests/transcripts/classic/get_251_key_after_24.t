# an over-long key after the first token batch: earlier hits are sent, then the error
>>> set k1 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set k30 0 0 2\r\n30\r\n
<<< STORED\r\n
>>> get k1 k2 k3 k4 k5 k6 k7 k8 k9 k10 k11 k12 k13 k14 k15 k16 k17 k18 k19 k20 k21 k22 k23 k24 k25 k26 k27 k28 k29 k30 {repeat:251:x} k1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> get k1\r\n
<<< VALUE k1 0 1\r\n1\r\n
<<< END\r\n
