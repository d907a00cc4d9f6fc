# stats counters after a known mix of commands
@exact-stats cmd_get cmd_set cmd_touch cmd_flush get_hits get_misses get_expired get_flushed delete_misses delete_hits incr_misses incr_hits decr_misses decr_hits cas_misses cas_hits cas_badval touch_hits touch_misses curr_items total_items store_too_large
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 1\r\n2\r\n
<<< STORED\r\n
>>> get a b c\r\n
<<< VALUE a 0 1\r\n1\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
>>> gets a\r\n
<<< VALUE a 0 1 1\r\n1\r\n
<<< END\r\n
>>> delete a\r\n
<<< DELETED\r\n
>>> delete zz\r\n
<<< NOT_FOUND\r\n
>>> incr b 1\r\n
<<< 3\r\n
>>> incr zz 1\r\n
<<< NOT_FOUND\r\n
>>> decr b 1\r\n
<<< 2\r\n
>>> decr zz 1\r\n
<<< NOT_FOUND\r\n
>>> cas zz 0 0 1 1\r\nx\r\n
<<< NOT_FOUND\r\n
>>> gets b\r\n
<<< VALUE b 0 1 4\r\n2\r\n
<<< END\r\n
>>> cas b 0 0 1 999999\r\nx\r\n
<<< EXISTS\r\n
>>> cas b 0 0 1 {cas:1}\r\nx\r\n
<<< EXISTS\r\n
>>> touch b 100\r\n
<<< TOUCHED\r\n
>>> touch zz 100\r\n
<<< NOT_FOUND\r\n
>>> gat 100 b zz\r\n
<<< VALUE b 0 1\r\n2\r\n
<<< END\r\n
>>> set big 0 0 1100000\r\n{repeat:1100000:x}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> stats\r\n
<<< STAT pid 10497\r\n
<<< STAT uptime 7\r\n
<<< STAT time 1795521467\r\n
<<< STAT version 1.6.18\r\n
<<< STAT libevent 2.1.12-stable\r\n
<<< STAT pointer_size 64\r\n
<<< STAT rusage_user 0.003639\r\n
<<< STAT rusage_system 0.007278\r\n
<<< STAT max_connections 1024\r\n
<<< STAT curr_connections 1\r\n
<<< STAT total_connections 3\r\n
<<< STAT rejected_connections 0\r\n
<<< STAT connection_structures 2\r\n
<<< STAT response_obj_oom 0\r\n
<<< STAT response_obj_count 1\r\n
<<< STAT response_obj_bytes 16384\r\n
<<< STAT read_buf_count 3\r\n
<<< STAT read_buf_bytes 49152\r\n
<<< STAT read_buf_bytes_free 16384\r\n
<<< STAT read_buf_oom 0\r\n
<<< STAT reserved_fds 20\r\n
<<< STAT cmd_get 5\r\n
<<< STAT cmd_set 5\r\n
<<< STAT cmd_flush 0\r\n
<<< STAT cmd_touch 4\r\n
<<< STAT cmd_meta 0\r\n
<<< STAT get_hits 4\r\n
<<< STAT get_misses 1\r\n
<<< STAT get_expired 0\r\n
<<< STAT get_flushed 0\r\n
<<< STAT delete_misses 1\r\n
<<< STAT delete_hits 1\r\n
<<< STAT incr_misses 1\r\n
<<< STAT incr_hits 1\r\n
<<< STAT decr_misses 1\r\n
<<< STAT decr_hits 1\r\n
<<< STAT cas_misses 1\r\n
<<< STAT cas_hits 0\r\n
<<< STAT cas_badval 2\r\n
<<< STAT touch_hits 2\r\n
<<< STAT touch_misses 2\r\n
<<< STAT store_too_large 1\r\n
<<< STAT store_no_memory 0\r\n
<<< STAT auth_cmds 0\r\n
<<< STAT auth_errors 0\r\n
<<< STAT bytes_read 1100253\r\n
<<< STAT bytes_written 256\r\n
<<< STAT limit_maxbytes 67108864\r\n
<<< STAT accepting_conns 1\r\n
<<< STAT listen_disabled_num 0\r\n
<<< STAT time_in_listen_disabled_us 0\r\n
<<< STAT threads 4\r\n
<<< STAT conn_yields 0\r\n
<<< STAT hash_power_level 16\r\n
<<< STAT hash_bytes 524288\r\n
<<< STAT hash_is_expanding 0\r\n
<<< STAT slab_reassign_rescues 0\r\n
<<< STAT slab_reassign_chunk_rescues 0\r\n
<<< STAT slab_reassign_evictions_nomem 0\r\n
<<< STAT slab_reassign_inline_reclaim 0\r\n
<<< STAT slab_reassign_busy_items 0\r\n
<<< STAT slab_reassign_busy_deletes 0\r\n
<<< STAT slab_reassign_running 0\r\n
<<< STAT slabs_moved 0\r\n
<<< STAT lru_crawler_running 0\r\n
<<< STAT lru_crawler_starts 1\r\n
<<< STAT lru_maintainer_juggles 136\r\n
<<< STAT malloc_fails 0\r\n
<<< STAT log_worker_dropped 0\r\n
<<< STAT log_worker_written 0\r\n
<<< STAT log_watcher_skipped 0\r\n
<<< STAT log_watcher_sent 0\r\n
<<< STAT log_watchers 0\r\n
<<< STAT unexpected_napi_ids 0\r\n
<<< STAT round_robin_fallback 0\r\n
<<< STAT bytes 61\r\n
<<< STAT curr_items 1\r\n
<<< STAT total_items 2\r\n
<<< STAT slab_global_page_pool 0\r\n
<<< STAT expired_unfetched 0\r\n
<<< STAT evicted_unfetched 0\r\n
<<< STAT evicted_active 0\r\n
<<< STAT evictions 0\r\n
<<< STAT reclaimed 0\r\n
<<< STAT crawler_reclaimed 0\r\n
<<< STAT crawler_items_checked 0\r\n
<<< STAT lrutail_reflocked 14\r\n
<<< STAT moves_to_cold 6\r\n
<<< STAT moves_to_warm 4\r\n
<<< STAT moves_within_lru 0\r\n
<<< STAT direct_reclaims 0\r\n
<<< STAT lru_bumps_dropped 0\r\n
<<< END\r\n
