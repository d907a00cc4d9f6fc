# append/prepend noreply, on missing and existing keys
>>> append k 0 0 1 noreply\r\na\r\n
<<<
>>> prepend k 0 0 1 noreply\r\na\r\n
<<<
>>> set k 0 0 1\r\nm\r\n
<<< STORED\r\n
>>> append k 0 0 1 noreply\r\nz\r\n
<<<
>>> prepend k 0 0 1 noreply\r\na\r\n
<<<
>>> get k\r\n
<<< VALUE k 0 3\r\namz\r\n
<<< END\r\n
