# Stats after mg T (a touch, not a get), mg miss with T (a get miss), ma N, me and flush_all.
# (curr_items is not compared: memcached's LRU threads reclaim flushed items at their own pace.)
@exact-stats cmd_get get_hits get_misses get_flushed cmd_touch touch_hits touch_misses cmd_meta cmd_flush incr_hits incr_misses decr_hits decr_misses total_items
>>> ms sm1 1 T100\r\n1\r\nmg sm1 T30\r\nmg sm2 T30\r\nma sm1 v\r\nma sm3 N0 J5 v\r\nma sm4 MD\r\nme sm1\r\n
<<< HD\r\n
<<< HD\r\n
<<< EN\r\n
<<< VA 1\r\n2\r\n
<<< VA 1\r\n5\r\n
<<< NF\r\n
<<< ME sm1 exp=-30 la=0 cas=2 fetch=no cls=1 size=63\r\n
>>> flush_all\r\nmg sm1 v\r\n
<<< OK\r\n
<<< EN\r\n
>>> stats\r\n
<<< STAT pid 27522\r\n
<<< STAT uptime 2\r\n
<<< STAT time 1795521949\r\n
<<< STAT version 1.6.18\r\n
<<< STAT libevent 2.1.12-stable\r\n
<<< STAT pointer_size 64\r\n
<<< STAT rusage_user 0.000000\r\n
<<< STAT rusage_system 0.004241\r\n
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
<<< STAT cmd_get 2\r\n
<<< STAT cmd_set 1\r\n
<<< STAT cmd_flush 1\r\n
<<< STAT cmd_touch 1\r\n
<<< STAT cmd_meta 1\r\n
<<< STAT get_hits 0\r\n
<<< STAT get_misses 2\r\n
<<< STAT get_expired 0\r\n
<<< STAT get_flushed 1\r\n
<<< STAT delete_misses 0\r\n
<<< STAT delete_hits 0\r\n
<<< STAT incr_misses 0\r\n
<<< STAT incr_hits 1\r\n
<<< STAT decr_misses 1\r\n
<<< STAT decr_hits 0\r\n
<<< STAT cas_misses 0\r\n
<<< STAT cas_hits 0\r\n
<<< STAT cas_badval 0\r\n
<<< STAT touch_hits 1\r\n
<<< STAT touch_misses 0\r\n
<<< STAT store_too_large 0\r\n
<<< STAT store_no_memory 0\r\n
<<< STAT auth_cmds 0\r\n
<<< STAT auth_errors 0\r\n
<<< STAT bytes_read 115\r\n
<<< STAT bytes_written 92\r\n
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
<<< STAT lru_maintainer_juggles 9\r\n
<<< STAT malloc_fails 0\r\n
<<< STAT log_worker_dropped 0\r\n
<<< STAT log_worker_written 0\r\n
<<< STAT log_watcher_skipped 0\r\n
<<< STAT log_watcher_sent 0\r\n
<<< STAT log_watchers 0\r\n
<<< STAT unexpected_napi_ids 0\r\n
<<< STAT round_robin_fallback 0\r\n
<<< STAT bytes 63\r\n
<<< STAT curr_items 1\r\n
<<< STAT total_items 3\r\n
<<< STAT slab_global_page_pool 0\r\n
<<< STAT expired_unfetched 0\r\n
<<< STAT evicted_unfetched 0\r\n
<<< STAT evicted_active 0\r\n
<<< STAT evictions 0\r\n
<<< STAT reclaimed 0\r\n
<<< STAT crawler_reclaimed 0\r\n
<<< STAT crawler_items_checked 0\r\n
<<< STAT lrutail_reflocked 0\r\n
<<< STAT moves_to_cold 0\r\n
<<< STAT moves_to_warm 0\r\n
<<< STAT moves_within_lru 0\r\n
<<< STAT direct_reclaims 0\r\n
<<< STAT lru_bumps_dropped 0\r\n
<<< END\r\n
