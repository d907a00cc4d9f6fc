// CacheEngine: items, slab allocator, hash table, LRU, expiry, CAS and engine stats.
