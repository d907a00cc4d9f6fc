# delete without a key is ERROR
>>> delete\r\n
<<< ERROR\r\n
