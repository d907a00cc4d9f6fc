# -o no_slab_reassign: reassign is refused with a CLIENT_ERROR, automove still answers OK
@flags -o no_slab_reassign
>>> slabs reassign 1 2\r\n
<<< CLIENT_ERROR slab reassignment disabled\r\n
>>> slabs reassign 4 4\r\n
<<< CLIENT_ERROR slab reassignment disabled\r\n
>>> slabs automove 1\r\n
<<< OK\r\n
>>> slabs automove 0\r\n
<<< OK\r\n
