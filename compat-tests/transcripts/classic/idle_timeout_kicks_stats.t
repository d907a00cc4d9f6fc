# -o idle_timeout: idle connections (after a command, or inside a half line) are closed without a byte and counted in idle_kicks, which stats prints between auth_errors and bytes_read only when idle_timeout is set
@flags -o idle_timeout=1
@exact-stats idle_kicks
>>> version\r\n
<<< VERSION 1.6.18\r\n
>>> [B] get a
<<< [B]
@sleep 5
@close
@close B
>>> [C] stats\r\n
<<< [C] STAT pid 30153\r\n
<<< [C] STAT uptime 7\r\n
<<< [C] STAT time 1796632232\r\n
<<< [C] STAT version 1.6.18\r\n
<<< [C] STAT libevent 2.1.12-stable\r\n
<<< [C] STAT pointer_size 64\r\n
<<< [C] STAT rusage_user 0.007273\r\n
<<< [C] STAT rusage_system 0.000000\r\n
<<< [C] STAT max_connections 1024\r\n
<<< [C] STAT curr_connections 1\r\n
<<< [C] STAT total_connections 5\r\n
<<< [C] STAT rejected_connections 0\r\n
<<< [C] STAT connection_structures 3\r\n
<<< [C] STAT response_obj_oom 0\r\n
<<< [C] STAT response_obj_count 1\r\n
<<< [C] STAT response_obj_bytes 32768\r\n
<<< [C] STAT read_buf_count 6\r\n
<<< [C] STAT read_buf_bytes 98304\r\n
<<< [C] STAT read_buf_bytes_free 49152\r\n
<<< [C] STAT read_buf_oom 0\r\n
<<< [C] STAT reserved_fds 20\r\n
<<< [C] STAT cmd_get 0\r\n
<<< [C] STAT cmd_set 0\r\n
<<< [C] STAT cmd_flush 0\r\n
<<< [C] STAT cmd_touch 0\r\n
<<< [C] STAT cmd_meta 0\r\n
<<< [C] STAT get_hits 0\r\n
<<< [C] STAT get_misses 0\r\n
<<< [C] STAT get_expired 0\r\n
<<< [C] STAT get_flushed 0\r\n
<<< [C] STAT delete_misses 0\r\n
<<< [C] STAT delete_hits 0\r\n
<<< [C] STAT incr_misses 0\r\n
<<< [C] STAT incr_hits 0\r\n
<<< [C] STAT decr_misses 0\r\n
<<< [C] STAT decr_hits 0\r\n
<<< [C] STAT cas_misses 0\r\n
<<< [C] STAT cas_hits 0\r\n
<<< [C] STAT cas_badval 0\r\n
<<< [C] STAT touch_hits 0\r\n
<<< [C] STAT touch_misses 0\r\n
<<< [C] STAT store_too_large 0\r\n
<<< [C] STAT store_no_memory 0\r\n
<<< [C] STAT auth_cmds 0\r\n
<<< [C] STAT auth_errors 0\r\n
<<< [C] STAT idle_kicks 2\r\n
<<< [C] STAT bytes_read 21\r\n
<<< [C] STAT bytes_written 16\r\n
<<< [C] STAT limit_maxbytes 67108864\r\n
<<< [C] STAT accepting_conns 1\r\n
<<< [C] STAT listen_disabled_num 0\r\n
<<< [C] STAT time_in_listen_disabled_us 0\r\n
<<< [C] STAT threads 4\r\n
<<< [C] STAT conn_yields 0\r\n
<<< [C] STAT hash_power_level 16\r\n
<<< [C] STAT hash_bytes 524288\r\n
<<< [C] STAT hash_is_expanding 0\r\n
<<< [C] STAT slab_reassign_rescues 0\r\n
<<< [C] STAT slab_reassign_chunk_rescues 0\r\n
<<< [C] STAT slab_reassign_evictions_nomem 0\r\n
<<< [C] STAT slab_reassign_inline_reclaim 0\r\n
<<< [C] STAT slab_reassign_busy_items 0\r\n
<<< [C] STAT slab_reassign_busy_deletes 0\r\n
<<< [C] STAT slab_reassign_running 0\r\n
<<< [C] STAT slabs_moved 0\r\n
<<< [C] STAT lru_crawler_running 0\r\n
<<< [C] STAT lru_crawler_starts 1\r\n
<<< [C] STAT lru_maintainer_juggles 56\r\n
<<< [C] STAT malloc_fails 0\r\n
<<< [C] STAT log_worker_dropped 0\r\n
<<< [C] STAT log_worker_written 0\r\n
<<< [C] STAT log_watcher_skipped 0\r\n
<<< [C] STAT log_watcher_sent 0\r\n
<<< [C] STAT log_watchers 0\r\n
<<< [C] STAT unexpected_napi_ids 0\r\n
<<< [C] STAT round_robin_fallback 0\r\n
<<< [C] STAT bytes 0\r\n
<<< [C] STAT curr_items 0\r\n
<<< [C] STAT total_items 0\r\n
<<< [C] STAT slab_global_page_pool 0\r\n
<<< [C] STAT expired_unfetched 0\r\n
<<< [C] STAT evicted_unfetched 0\r\n
<<< [C] STAT evicted_active 0\r\n
<<< [C] STAT evictions 0\r\n
<<< [C] STAT reclaimed 0\r\n
<<< [C] STAT crawler_reclaimed 0\r\n
<<< [C] STAT crawler_items_checked 0\r\n
<<< [C] STAT lrutail_reflocked 0\r\n
<<< [C] STAT moves_to_cold 0\r\n
<<< [C] STAT moves_to_warm 0\r\n
<<< [C] STAT moves_within_lru 0\r\n
<<< [C] STAT direct_reclaims 0\r\n
<<< [C] STAT lru_bumps_dropped 0\r\n
<<< [C] END\r\n
