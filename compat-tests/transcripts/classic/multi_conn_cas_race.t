# two clients read the same CAS; the first cas wins, the second gets EXISTS
>>> set k 0 0 1\r\n0\r\n
<<< STORED\r\n
>>> gets k\r\n
<<< VALUE k 0 1 1\r\n0\r\n
<<< END\r\n
>>> [B] gets k\r\n
<<< [B] VALUE k 0 1 1\r\n0\r\n
<<< [B] END\r\n
>>> cas k 0 0 1 {cas:1}\r\nA\r\n
<<< STORED\r\n
>>> [B] cas k 0 0 1 {cas:1}\r\nB\r\n
<<< [B] EXISTS\r\n
>>> [B] get k\r\n
<<< [B] VALUE k 0 1\r\nA\r\n
<<< [B] END\r\n
