# long unknown command names and near-misses of real commands
>>> gett a\r\n
<<< ERROR\r\n
>>> sets a 0 0 1\r\n
<<< ERROR\r\n
>>> incrr a 1\r\n
<<< ERROR\r\n
>>> flush_all_now\r\n
<<< ERROR\r\n
>>> statsx\r\n
<<< ERROR\r\n
>>> {repeat:100:z}\r\n
<<< ERROR\r\n
