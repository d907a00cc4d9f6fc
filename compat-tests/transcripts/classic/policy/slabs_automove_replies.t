# slabs automove 0/1/2, 3, bare, x, -1, noreply, extra token, ratio; and what stats settings then says
@exact-stats slab_automove slab_automove_ratio slab_automove_window slab_reassign
>>> slabs automove 0\r\n
<<< OK\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 40397\r\n
<<< STAT udpport 0\r\n
<<< STAT inter 127.0.0.1\r\n
<<< STAT verbosity 0\r\n
<<< STAT oldest 0\r\n
<<< STAT evictions on\r\n
<<< STAT domain_socket NULL\r\n
<<< STAT umask 700\r\n
<<< STAT shutdown_command no\r\n
<<< STAT growth_factor 1.25\r\n
<<< STAT chunk_size 48\r\n
<<< STAT num_threads 4\r\n
<<< STAT num_threads_per_udp 4\r\n
<<< STAT stat_key_prefix :\r\n
<<< STAT detail_enabled no\r\n
<<< STAT reqs_per_event 20\r\n
<<< STAT cas_enabled yes\r\n
<<< STAT tcp_backlog 1024\r\n
<<< STAT binding_protocol auto-negotiate\r\n
<<< STAT auth_enabled_sasl no\r\n
<<< STAT auth_enabled_ascii no\r\n
<<< STAT item_size_max 1048576\r\n
<<< STAT maxconns_fast yes\r\n
<<< STAT hashpower_init 0\r\n
<<< STAT slab_reassign yes\r\n
<<< STAT slab_automove 0\r\n
<<< STAT slab_automove_ratio 0.80\r\n
<<< STAT slab_automove_window 30\r\n
<<< STAT slab_chunk_max 524288\r\n
<<< STAT lru_crawler yes\r\n
<<< STAT lru_crawler_sleep 100\r\n
<<< STAT lru_crawler_tocrawl 0\r\n
<<< STAT tail_repair_time 0\r\n
<<< STAT flush_enabled yes\r\n
<<< STAT dump_enabled yes\r\n
<<< STAT hash_algorithm murmur3\r\n
<<< STAT lru_maintainer_thread yes\r\n
<<< STAT lru_segmented yes\r\n
<<< STAT hot_lru_pct 20\r\n
<<< STAT warm_lru_pct 40\r\n
<<< STAT hot_max_factor 0.20\r\n
<<< STAT warm_max_factor 2.00\r\n
<<< STAT temp_lru no\r\n
<<< STAT temporary_ttl 61\r\n
<<< STAT idle_timeout 0\r\n
<<< STAT watcher_logbuf_size 262144\r\n
<<< STAT worker_logbuf_size 65536\r\n
<<< STAT read_buf_mem_limit 0\r\n
<<< STAT track_sizes no\r\n
<<< STAT inline_ascii_response no\r\n
<<< STAT ext_item_size 512\r\n
<<< STAT ext_item_age 4294967295\r\n
<<< STAT ext_low_ttl 0\r\n
<<< STAT ext_recache_rate 2000\r\n
<<< STAT ext_wbuf_size 4194304\r\n
<<< STAT ext_compact_under 0\r\n
<<< STAT ext_drop_under 0\r\n
<<< STAT ext_max_sleep 1000000\r\n
<<< STAT ext_max_frag 0.80\r\n
<<< STAT slab_automove_freeratio 0.010\r\n
<<< STAT ext_drop_unread no\r\n
<<< STAT ssl_enabled no\r\n
<<< STAT ssl_chain_cert (null)\r\n
<<< STAT ssl_key (null)\r\n
<<< STAT ssl_verify_mode 0\r\n
<<< STAT ssl_keyformat 1\r\n
<<< STAT ssl_ciphers NULL\r\n
<<< STAT ssl_ca_cert NULL\r\n
<<< STAT ssl_wbuf_size 16384\r\n
<<< STAT ssl_session_cache no\r\n
<<< STAT ssl_kernel_tls no\r\n
<<< STAT ssl_min_version tlsv1.2\r\n
<<< STAT num_napi_ids (null)\r\n
<<< STAT memory_file (null)\r\n
<<< END\r\n
>>> slabs automove 2\r\n
<<< OK\r\n
>>> slabs automove 1\r\n
<<< OK\r\n
>>> slabs automove 3\r\n
<<< ERROR\r\n
>>> slabs automove\r\n
<<< ERROR\r\n
>>> slabs automove x\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> slabs automove -1\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> slabs automove 2 noreply\r\n
<<<
>>> slabs automove 0 extra\r\n
<<< OK\r\n
>>> slabs automove ratio 0.5\r\n
<<< OK\r\n
>>> slabs automove ratio\r\n
<<< ERROR\r\n
>>> slabs automove ratio x\r\n
<<< ERROR\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 40397\r\n
<<< STAT udpport 0\r\n
<<< STAT inter 127.0.0.1\r\n
<<< STAT verbosity 0\r\n
<<< STAT oldest 0\r\n
<<< STAT evictions on\r\n
<<< STAT domain_socket NULL\r\n
<<< STAT umask 700\r\n
<<< STAT shutdown_command no\r\n
<<< STAT growth_factor 1.25\r\n
<<< STAT chunk_size 48\r\n
<<< STAT num_threads 4\r\n
<<< STAT num_threads_per_udp 4\r\n
<<< STAT stat_key_prefix :\r\n
<<< STAT detail_enabled no\r\n
<<< STAT reqs_per_event 20\r\n
<<< STAT cas_enabled yes\r\n
<<< STAT tcp_backlog 1024\r\n
<<< STAT binding_protocol auto-negotiate\r\n
<<< STAT auth_enabled_sasl no\r\n
<<< STAT auth_enabled_ascii no\r\n
<<< STAT item_size_max 1048576\r\n
<<< STAT maxconns_fast yes\r\n
<<< STAT hashpower_init 0\r\n
<<< STAT slab_reassign yes\r\n
<<< STAT slab_automove 0\r\n
<<< STAT slab_automove_ratio 0.50\r\n
<<< STAT slab_automove_window 30\r\n
<<< STAT slab_chunk_max 524288\r\n
<<< STAT lru_crawler yes\r\n
<<< STAT lru_crawler_sleep 100\r\n
<<< STAT lru_crawler_tocrawl 0\r\n
<<< STAT tail_repair_time 0\r\n
<<< STAT flush_enabled yes\r\n
<<< STAT dump_enabled yes\r\n
<<< STAT hash_algorithm murmur3\r\n
<<< STAT lru_maintainer_thread yes\r\n
<<< STAT lru_segmented yes\r\n
<<< STAT hot_lru_pct 20\r\n
<<< STAT warm_lru_pct 40\r\n
<<< STAT hot_max_factor 0.20\r\n
<<< STAT warm_max_factor 2.00\r\n
<<< STAT temp_lru no\r\n
<<< STAT temporary_ttl 61\r\n
<<< STAT idle_timeout 0\r\n
<<< STAT watcher_logbuf_size 262144\r\n
<<< STAT worker_logbuf_size 65536\r\n
<<< STAT read_buf_mem_limit 0\r\n
<<< STAT track_sizes no\r\n
<<< STAT inline_ascii_response no\r\n
<<< STAT ext_item_size 512\r\n
<<< STAT ext_item_age 4294967295\r\n
<<< STAT ext_low_ttl 0\r\n
<<< STAT ext_recache_rate 2000\r\n
<<< STAT ext_wbuf_size 4194304\r\n
<<< STAT ext_compact_under 0\r\n
<<< STAT ext_drop_under 0\r\n
<<< STAT ext_max_sleep 1000000\r\n
<<< STAT ext_max_frag 0.80\r\n
<<< STAT slab_automove_freeratio 0.010\r\n
<<< STAT ext_drop_unread no\r\n
<<< STAT ssl_enabled no\r\n
<<< STAT ssl_chain_cert (null)\r\n
<<< STAT ssl_key (null)\r\n
<<< STAT ssl_verify_mode 0\r\n
<<< STAT ssl_keyformat 1\r\n
<<< STAT ssl_ciphers NULL\r\n
<<< STAT ssl_ca_cert NULL\r\n
<<< STAT ssl_wbuf_size 16384\r\n
<<< STAT ssl_session_cache no\r\n
<<< STAT ssl_kernel_tls no\r\n
<<< STAT ssl_min_version tlsv1.2\r\n
<<< STAT num_napi_ids (null)\r\n
<<< STAT memory_file (null)\r\n
<<< END\r\n
