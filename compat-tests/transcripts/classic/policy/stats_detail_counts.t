# stats detail: what each command counts (get/gets/gat/gats/bget keys with hits, set-family stores incl. failed
# ones, every classic delete) and what it does not (meta, incr/decr, touch, keys without the delimiter, while off);
# dump order, dump while off, usage errors, and stats reset clearing the prefixes
@exact-stats detail_enabled stat_key_prefix
>>> stats detail dump\r\n
<<< END\r\n
>>> set foo:0 0 0 1\r\na\r\n
<<< STORED\r\n
>>> stats detail on\r\n
<<< OK\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 59705\r\n
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
<<< STAT detail_enabled yes\r\n
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
>>> set foo:1 0 0 1\r\na\r\n
<<< STORED\r\n
>>> set bar:2 0 0 1\r\n5\r\n
<<< STORED\r\n
>>> set nokey 0 0 1\r\nc\r\n
<<< STORED\r\n
>>> get foo:1\r\n
<<< VALUE foo:1 0 1\r\na\r\n
<<< END\r\n
>>> get foo:1 bar:2 nokey foo:missing\r\n
<<< VALUE foo:1 0 1\r\na\r\n
<<< VALUE bar:2 0 1\r\n5\r\n
<<< VALUE nokey 0 1\r\nc\r\n
<<< END\r\n
>>> get bar:missing\r\n
<<< END\r\n
>>> delete foo:1\r\n
<<< DELETED\r\n
>>> delete nokey\r\n
<<< DELETED\r\n
>>> delete bar:zzz\r\n
<<< NOT_FOUND\r\n
>>> incr bar:2 1\r\n
<<< 6\r\n
>>> decr bar:2 1\r\n
<<< 5\r\n
>>> touch bar:2 0\r\n
<<< TOUCHED\r\n
>>> mg foo:x v\r\n
<<< EN\r\n
>>> ms foo:y 1\r\nb\r\n
<<< HD\r\n
>>> md foo:y\r\n
<<< HD\r\n
>>> gets bar:2\r\n
<<< VALUE bar:2 0 1 6\r\n5\r\n
<<< END\r\n
>>> stats detail dump\r\n
<<< PREFIX foo get 3 hit 2 set 1 del 1\r\n
<<< PREFIX bar get 3 hit 2 set 1 del 1\r\n
<<< END\r\n
>>> gat 0 bar:2 baz:1\r\n
<<< VALUE bar:2 0 1\r\n5\r\n
<<< END\r\n
>>> gats 0 bar:2\r\n
<<< VALUE bar:2 0 1 6\r\n5\r\n
<<< END\r\n
>>> bget baz:2\r\n
<<< END\r\n
>>> add bar:2 0 0 1\r\nx\r\n
<<< NOT_STORED\r\n
>>> replace qux:1 0 0 1\r\nx\r\n
<<< NOT_STORED\r\n
>>> append qux:1 0 0 1\r\nx\r\n
<<< NOT_STORED\r\n
>>> prepend bar:2 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> cas bar:2 0 0 1 1\r\nx\r\n
<<< EXISTS\r\n
>>> set big:1 0 0 1100000\r\n{repeat:1100000:x}\r\n
<<< SERVER_ERROR object too large for cache\r\n
>>> set bad:1 0 0 1\r\nxyz\r\n
<<< CLIENT_ERROR bad data chunk\r\n
<<< ERROR\r\n
>>> set long:{repeat:250:k} 0 0 1\r\nx\r\n
<<< CLIENT_ERROR bad command line format\r\n
<<< ERROR\r\n
>>> set ok:1 0 0 x\r\n
<<< CLIENT_ERROR bad command line format\r\n
>>> delete ok:1 0\r\n
<<< NOT_FOUND\r\n
>>> delete ok:2 1\r\n
<<< CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n
>>> set :lead 0 0 1\r\nx\r\n
<<< STORED\r\n
>>> get :lead a:b:c\r\n
<<< VALUE :lead 0 1\r\nx\r\n
<<< END\r\n
>>> stats detail dump\r\n
<<< PREFIX  get 1 hit 1 set 1 del 0\r\n
<<< PREFIX bad get 0 hit 0 set 1 del 0\r\n
<<< PREFIX qux get 0 hit 0 set 2 del 0\r\n
<<< PREFIX foo get 3 hit 2 set 1 del 1\r\n
<<< PREFIX ok get 0 hit 0 set 0 del 1\r\n
<<< PREFIX bar get 5 hit 4 set 4 del 1\r\n
<<< PREFIX a get 1 hit 0 set 0 del 0\r\n
<<< PREFIX big get 0 hit 0 set 1 del 0\r\n
<<< PREFIX baz get 2 hit 0 set 0 del 0\r\n
<<< END\r\n
>>> stats detail off\r\n
<<< OK\r\n
>>> get foo:1\r\n
<<< END\r\n
>>> stats detail dump\r\n
<<< PREFIX  get 1 hit 1 set 1 del 0\r\n
<<< PREFIX bad get 0 hit 0 set 1 del 0\r\n
<<< PREFIX qux get 0 hit 0 set 2 del 0\r\n
<<< PREFIX foo get 3 hit 2 set 1 del 1\r\n
<<< PREFIX ok get 0 hit 0 set 0 del 1\r\n
<<< PREFIX bar get 5 hit 4 set 4 del 1\r\n
<<< PREFIX a get 1 hit 0 set 0 del 0\r\n
<<< PREFIX big get 0 hit 0 set 1 del 0\r\n
<<< PREFIX baz get 2 hit 0 set 0 del 0\r\n
<<< END\r\n
>>> stats settings\r\n
<<< STAT maxbytes 67108864\r\n
<<< STAT maxconns 1024\r\n
<<< STAT tcpport 59705\r\n
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
>>> stats detail\r\n
<<< CLIENT_ERROR usage: stats detail on|off|dump\r\n
>>> stats detail foo\r\n
<<< CLIENT_ERROR usage: stats detail on|off|dump\r\n
>>> stats detail on extra\r\n
<<< OK\r\n
>>> stats detail dump extra\r\n
<<< PREFIX  get 1 hit 1 set 1 del 0\r\n
<<< PREFIX bad get 0 hit 0 set 1 del 0\r\n
<<< PREFIX qux get 0 hit 0 set 2 del 0\r\n
<<< PREFIX foo get 3 hit 2 set 1 del 1\r\n
<<< PREFIX ok get 0 hit 0 set 0 del 1\r\n
<<< PREFIX bar get 5 hit 4 set 4 del 1\r\n
<<< PREFIX a get 1 hit 0 set 0 del 0\r\n
<<< PREFIX big get 0 hit 0 set 1 del 0\r\n
<<< PREFIX baz get 2 hit 0 set 0 del 0\r\n
<<< END\r\n
>>> stats reset\r\n
<<< RESET\r\n
>>> stats detail dump\r\n
<<< END\r\n
>>> get foo:1\r\n
<<< END\r\n
>>> stats detail dump\r\n
<<< PREFIX foo get 1 hit 0 set 0 del 0\r\n
<<< END\r\n
