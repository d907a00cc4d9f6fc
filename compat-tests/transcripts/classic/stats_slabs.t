# stats slabs field names after storing items
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1000\r\n{repeat:1000:b}\r\n
<<< STORED\r\n
>>> stats slabs\r\n
<<< STAT 1:chunk_size 96\r\n
<<< STAT 1:chunks_per_page 10922\r\n
<<< STAT 1:total_pages 1\r\n
<<< STAT 1:total_chunks 10922\r\n
<<< STAT 1:used_chunks 1\r\n
<<< STAT 1:free_chunks 10921\r\n
<<< STAT 1:free_chunks_end 0\r\n
<<< STAT 1:get_hits 0\r\n
<<< STAT 1:cmd_set 1\r\n
<<< STAT 1:delete_hits 0\r\n
<<< STAT 1:incr_hits 0\r\n
<<< STAT 1:decr_hits 0\r\n
<<< STAT 1:cas_hits 0\r\n
<<< STAT 1:cas_badval 0\r\n
<<< STAT 1:touch_hits 0\r\n
<<< STAT 12:chunk_size 1184\r\n
<<< STAT 12:chunks_per_page 885\r\n
<<< STAT 12:total_pages 1\r\n
<<< STAT 12:total_chunks 885\r\n
<<< STAT 12:used_chunks 1\r\n
<<< STAT 12:free_chunks 884\r\n
<<< STAT 12:free_chunks_end 0\r\n
<<< STAT 12:get_hits 0\r\n
<<< STAT 12:cmd_set 1\r\n
<<< STAT 12:delete_hits 0\r\n
<<< STAT 12:incr_hits 0\r\n
<<< STAT 12:decr_hits 0\r\n
<<< STAT 12:cas_hits 0\r\n
<<< STAT 12:cas_badval 0\r\n
<<< STAT 12:touch_hits 0\r\n
<<< STAT active_slabs 2\r\n
<<< STAT total_malloced 2097152\r\n
<<< END\r\n
