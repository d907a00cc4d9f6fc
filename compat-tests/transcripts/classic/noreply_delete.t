# delete noreply: silent on DELETED and NOT_FOUND
>>> set k 0 0 1\r\na\r\n
<<< STORED\r\n
>>> delete k noreply\r\n
<<<
>>> delete k noreply\r\n
<<<
>>> get k\r\n
<<< END\r\n
