# -Y: before authentication, more than 2048 bytes without a newline close the connection (for a
# multi-key get too); 2048 bytes keep it waiting.
@flags -Y {dir}/users
>>> {repeat:2049:x}
@close
>>> [B] get {repeat:1500:k }
@close B
>>> [C] {repeat:2048:x}
<<< [C]
>>> [D] set x 0 0 11\r\nuser1 pass1\r\n
<<< [D] STORED\r\n
@nosync
