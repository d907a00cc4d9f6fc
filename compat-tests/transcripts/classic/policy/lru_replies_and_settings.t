# lru tune/mode/temp_ttl replies (with noreply and extra tokens) and their effect on stats settings
@exact-stats hot_lru_pct warm_lru_pct hot_max_factor warm_max_factor lru_segmented temp_lru temporary_ttl lru_maintainer_thread
>>> lru tune 10 25 0.1 2.0\r\n
<<< OK\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 46951\r\n
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
<<< STAT slab_automove 1\r\n
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
<<< STAT hot_lru_pct 10\r\n
<<< STAT warm_lru_pct 25\r\n
<<< STAT hot_max_factor 0.10\r\n
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
>>> lru mode flat\r\n
<<< OK\r\n
>>> lru temp_ttl 60\r\n
<<< OK\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 46951\r\n
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
<<< STAT slab_automove 1\r\n
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
<<< STAT lru_segmented no\r\n
<<< STAT hot_lru_pct 10\r\n
<<< STAT warm_lru_pct 25\r\n
<<< STAT hot_max_factor 0.10\r\n
<<< STAT warm_max_factor 2.00\r\n
<<< STAT temp_lru yes\r\n
<<< STAT temporary_ttl 60\r\n
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
>>> lru mode segmented\r\n
<<< OK\r\n
>>> lru temp_ttl -1\r\n
<<< OK\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 46951\r\n
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
<<< STAT slab_automove 1\r\n
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
<<< STAT hot_lru_pct 10\r\n
<<< STAT warm_lru_pct 25\r\n
<<< STAT hot_max_factor 0.10\r\n
<<< STAT warm_max_factor 2.00\r\n
<<< STAT temp_lru no\r\n
<<< STAT temporary_ttl 60\r\n
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
>>> lru temp_ttl 0\r\n
<<< OK\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 46951\r\n
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
<<< STAT slab_automove 1\r\n
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
<<< STAT hot_lru_pct 10\r\n
<<< STAT warm_lru_pct 25\r\n
<<< STAT hot_max_factor 0.10\r\n
<<< STAT warm_max_factor 2.00\r\n
<<< STAT temp_lru yes\r\n
<<< STAT temporary_ttl 0\r\n
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
>>> lru tune 50 40 0.1 2.0\r\n
<<< ERROR hot and warm pcts must not exceed 80\r\n
>>> lru tune 10 25 0 2.0\r\n
<<< ERROR hot/warm age factors must be greater than 0\r\n
>>> lru tune 10 25 0.1 0\r\n
<<< ERROR hot/warm age factors must be greater than 0\r\n
>>> lru tune 10 25 0.1 -1\r\n
<<< ERROR hot/warm age factors must be greater than 0\r\n
>>> lru tune a 25 0.1 2.0\r\n
<<< ERROR\r\n
>>> lru tune -1 25 0.1 2.0\r\n
<<< ERROR\r\n
>>> lru tune 10 25 0.1\r\n
<<< ERROR\r\n
>>> lru tune 0 0 1.5 3.5\r\n
<<< OK\r\n
>>> lru tune 15 35 0.3 2.5 extra\r\n
<<< OK\r\n
>>> lru tune 12 30 0.4 2.2 noreply\r\n
<<<
>>> lru mode\r\n
<<< ERROR\r\n
>>> lru mode foo\r\n
<<< ERROR\r\n
>>> lru mode FLAT\r\n
<<< ERROR\r\n
>>> lru mode flat noreply\r\n
<<<
>>> lru temp_ttl\r\n
<<< ERROR\r\n
>>> lru temp_ttl x\r\n
<<< ERROR\r\n
>>> lru temp_ttl 30 noreply\r\n
<<<
>>> lru\r\n
<<< ERROR\r\n
>>> lru foo\r\n
<<< ERROR\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 46951\r\n
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
<<< STAT slab_automove 1\r\n
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
<<< STAT lru_segmented no\r\n
<<< STAT hot_lru_pct 12\r\n
<<< STAT warm_lru_pct 30\r\n
<<< STAT hot_max_factor 0.40\r\n
<<< STAT warm_max_factor 2.20\r\n
<<< STAT temp_lru yes\r\n
<<< STAT temporary_ttl 30\r\n
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
