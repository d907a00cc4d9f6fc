# stats items after storing items in one slab class
>>> set a 0 0 1\r\n1\r\n
<<< STORED\r\n
>>> set b 0 0 100\r\n{repeat:100:b}\r\n
<<< STORED\r\n
>>> stats items\r\n
<<< STAT items:1:number 1\r\n
<<< STAT items:1:number_hot 0\r\n
<<< STAT items:1:number_warm 0\r\n
<<< STAT items:1:number_cold 1\r\n
<<< STAT items:1:age_hot 0\r\n
<<< STAT items:1:age_warm 0\r\n
<<< STAT items:1:age 0\r\n
<<< STAT items:1:mem_requested 61\r\n
<<< STAT items:1:evicted 0\r\n
<<< STAT items:1:evicted_nonzero 0\r\n
<<< STAT items:1:evicted_time 0\r\n
<<< STAT items:1:outofmemory 0\r\n
<<< STAT items:1:tailrepairs 0\r\n
<<< STAT items:1:reclaimed 0\r\n
<<< STAT items:1:expired_unfetched 0\r\n
<<< STAT items:1:evicted_unfetched 0\r\n
<<< STAT items:1:evicted_active 0\r\n
<<< STAT items:1:crawler_reclaimed 0\r\n
<<< STAT items:1:crawler_items_checked 1\r\n
<<< STAT items:1:lrutail_reflocked 0\r\n
<<< STAT items:1:moves_to_cold 1\r\n
<<< STAT items:1:moves_to_warm 0\r\n
<<< STAT items:1:moves_within_lru 0\r\n
<<< STAT items:1:direct_reclaims 0\r\n
<<< STAT items:1:hits_to_hot 0\r\n
<<< STAT items:1:hits_to_warm 0\r\n
<<< STAT items:1:hits_to_cold 0\r\n
<<< STAT items:1:hits_to_temp 0\r\n
<<< STAT items:4:number 1\r\n
<<< STAT items:4:number_hot 0\r\n
<<< STAT items:4:number_warm 0\r\n
<<< STAT items:4:number_cold 1\r\n
<<< STAT items:4:age_hot 0\r\n
<<< STAT items:4:age_warm 0\r\n
<<< STAT items:4:age 0\r\n
<<< STAT items:4:mem_requested 160\r\n
<<< STAT items:4:evicted 0\r\n
<<< STAT items:4:evicted_nonzero 0\r\n
<<< STAT items:4:evicted_time 0\r\n
<<< STAT items:4:outofmemory 0\r\n
<<< STAT items:4:tailrepairs 0\r\n
<<< STAT items:4:reclaimed 0\r\n
<<< STAT items:4:expired_unfetched 0\r\n
<<< STAT items:4:evicted_unfetched 0\r\n
<<< STAT items:4:evicted_active 0\r\n
<<< STAT items:4:crawler_reclaimed 0\r\n
<<< STAT items:4:crawler_items_checked 0\r\n
<<< STAT items:4:lrutail_reflocked 0\r\n
<<< STAT items:4:moves_to_cold 1\r\n
<<< STAT items:4:moves_to_warm 0\r\n
<<< STAT items:4:moves_within_lru 0\r\n
<<< STAT items:4:direct_reclaims 0\r\n
<<< STAT items:4:hits_to_hot 0\r\n
<<< STAT items:4:hits_to_warm 0\r\n
<<< STAT items:4:hits_to_cold 0\r\n
<<< STAT items:4:hits_to_temp 0\r\n
<<< END\r\n
