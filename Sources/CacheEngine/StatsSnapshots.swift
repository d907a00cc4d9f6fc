// StatsSnapshots: the aggregated values the engine returns for `stats`, `stats slabs` and `stats items`,
// named as memcached names them.

/// Engine-wide counters for `stats`, with memcached's names (see `namedValues`).
public struct EngineStats: Sendable, Equatable {
    // Operation counters (summed over workers).
    public var cmdGet: UInt64 = 0
    public var cmdSet: UInt64 = 0
    public var cmdFlush: UInt64 = 0
    public var cmdTouch: UInt64 = 0
    /// memcached 1.6.18 counts only `me` here.
    public var cmdMeta: UInt64 = 0
    public var getHits: UInt64 = 0
    public var getMisses: UInt64 = 0
    public var getExpired: UInt64 = 0
    public var getFlushed: UInt64 = 0
    public var deleteMisses: UInt64 = 0
    public var deleteHits: UInt64 = 0
    public var incrMisses: UInt64 = 0
    public var incrHits: UInt64 = 0
    public var decrMisses: UInt64 = 0
    public var decrHits: UInt64 = 0
    public var casMisses: UInt64 = 0
    public var casHits: UInt64 = 0
    public var casBadval: UInt64 = 0
    public var touchHits: UInt64 = 0
    public var touchMisses: UInt64 = 0
    public var storeTooLarge: UInt64 = 0
    public var storeNoMemory: UInt64 = 0
    // Storage state.
    public var limitMaxbytes: UInt64 = 0
    public var hashPowerLevel: UInt64 = 0
    public var hashBytes: UInt64 = 0
    public var hashIsExpanding: UInt64 = 0
    public var slabsMoved: UInt64 = 0
    public var bytes: UInt64 = 0
    public var currItems: UInt64 = 0
    public var totalItems: UInt64 = 0
    public var slabGlobalPagePool: UInt64 = 0
    public var expiredUnfetched: UInt64 = 0
    public var evictedUnfetched: UInt64 = 0
    public var evictedActive: UInt64 = 0
    public var evictions: UInt64 = 0
    public var reclaimed: UInt64 = 0
    public var crawlerReclaimed: UInt64 = 0
    public var crawlerItemsChecked: UInt64 = 0
    /// memcached counts tail items it found referenced by a request; here a request holds its item's
    /// shard lock instead of a reference, so a tail pull never meets one: always 0 (README).
    public var lrutailReflocked: UInt64 = 0
    // Memory policy (segmented LRU, maintainer, crawler).
    public var movesToCold: UInt64 = 0
    public var movesToWarm: UInt64 = 0
    public var movesWithinLRU: UInt64 = 0
    public var directReclaims: UInt64 = 0
    public var lruBumpsDropped: UInt64 = 0
    public var lruCrawlerRunning: UInt64 = 0
    public var lruCrawlerStarts: UInt64 = 0
    public var lruMaintainerJuggles: UInt64 = 0
    /// The maintainer thread is configured: memcached prints its lines only then.
    public var maintainerEnabled = true
    /// The crawler is enabled: memcached prints its lines only then.
    public var crawlerEnabled = true
    /// Bytes of slab pages handed to classes plus large-item bytes (`stats slabs` total_malloced).
    public var totalMalloced: UInt64 = 0
    /// Slab pages handed to classes.
    public var totalPages: UInt64 = 0
    /// Page mover (PageMover.swift): items moved out of a page being drained into a free chunk.
    public var slabReassignRescues: UInt64 = 0
    /// Always 0: there are no chunked items (bigger items take the large-item path), so there is no
    /// chunk of one to rescue.
    public var slabReassignChunkRescues: UInt64 = 0
    /// Live items dropped by the mover for want of a free chunk (not counted in evictions).
    public var slabReassignEvictionsNomem: UInt64 = 0
    /// Free chunks of a page being drained taken off their class's free list.
    public var slabReassignInlineReclaim: UInt64 = 0
    /// Chunks the mover had to wait for (handed out, not yet linked), summed over its waits.
    public var slabReassignBusyItems: UInt64 = 0
    /// Always 0: no request holds an item beyond its shard-lock section, so the mover never has to
    /// unlink a referenced item (memcached's busy deletes).
    public var slabReassignBusyDeletes: UInt64 = 0
    /// 1 while the mover is moving a page.
    public var slabReassignRunning: UInt64 = 0

    public init() {}

    /// The engine's `stats` lines as (memcached name, value), in memcached 1.6.18's relative order.
    public var namedValues: [(String, UInt64)] {
        [
            ("cmd_get", cmdGet), ("cmd_set", cmdSet), ("cmd_flush", cmdFlush), ("cmd_touch", cmdTouch),
            ("cmd_meta", cmdMeta),
            ("get_hits", getHits), ("get_misses", getMisses), ("get_expired", getExpired),
            ("get_flushed", getFlushed), ("delete_misses", deleteMisses), ("delete_hits", deleteHits),
            ("incr_misses", incrMisses), ("incr_hits", incrHits), ("decr_misses", decrMisses),
            ("decr_hits", decrHits), ("cas_misses", casMisses), ("cas_hits", casHits),
            ("cas_badval", casBadval), ("touch_hits", touchHits), ("touch_misses", touchMisses),
            ("store_too_large", storeTooLarge), ("store_no_memory", storeNoMemory),
            ("limit_maxbytes", limitMaxbytes), ("hash_power_level", hashPowerLevel), ("hash_bytes", hashBytes),
            ("hash_is_expanding", hashIsExpanding), ("slabs_moved", slabsMoved),
            ("slab_reassign_rescues", slabReassignRescues), ("slab_reassign_chunk_rescues", slabReassignChunkRescues),
            ("slab_reassign_evictions_nomem", slabReassignEvictionsNomem),
            ("slab_reassign_inline_reclaim", slabReassignInlineReclaim),
            ("slab_reassign_busy_items", slabReassignBusyItems),
            ("slab_reassign_busy_deletes", slabReassignBusyDeletes),
            ("slab_reassign_running", slabReassignRunning),
        ]
            + (crawlerEnabled
                ? [("lru_crawler_running", lruCrawlerRunning), ("lru_crawler_starts", lruCrawlerStarts)] : [])
            + (maintainerEnabled ? [("lru_maintainer_juggles", lruMaintainerJuggles)] : [])
            + [
                ("bytes", bytes), ("curr_items", currItems), ("total_items", totalItems),
                ("slab_global_page_pool", slabGlobalPagePool), ("expired_unfetched", expiredUnfetched),
                ("evicted_unfetched", evictedUnfetched),
            ]
            + (maintainerEnabled ? [("evicted_active", evictedActive)] : [])
            + [
                ("evictions", evictions), ("reclaimed", reclaimed), ("crawler_reclaimed", crawlerReclaimed),
                ("crawler_items_checked", crawlerItemsChecked), ("lrutail_reflocked", lrutailReflocked),
            ]
            + (maintainerEnabled
                ? [
                    ("moves_to_cold", movesToCold), ("moves_to_warm", movesToWarm),
                    ("moves_within_lru", movesWithinLRU), ("direct_reclaims", directReclaims),
                    ("lru_bumps_dropped", lruBumpsDropped),
                ] : [])
    }

    /// `stats` fields memcached prints only while the feature they describe is on.
    public static let conditionalNames: Set<String> = [
        "lru_crawler_running", "lru_crawler_starts", "lru_maintainer_juggles", "evicted_active", "moves_to_cold",
        "moves_to_warm", "moves_within_lru", "direct_reclaims", "lru_bumps_dropped",
    ]
}

/// One slab class for `stats slabs` (memcached names in `namedValues`).
public struct SlabClassStats: Sendable, Equatable {
    public var id: Int = 0
    public var chunkSize: UInt64 = 0
    public var chunksPerPage: UInt64 = 0
    public var totalPages: UInt64 = 0
    public var totalChunks: UInt64 = 0
    public var usedChunks: UInt64 = 0
    public var freeChunks: UInt64 = 0
    public var freeChunksEnd: UInt64 = 0
    /// Bytes the stored items actually asked for (header, key, value).
    public var memRequested: UInt64 = 0
    public var getHits: UInt64 = 0
    public var cmdSet: UInt64 = 0
    public var deleteHits: UInt64 = 0
    public var incrHits: UInt64 = 0
    public var decrHits: UInt64 = 0
    public var casHits: UInt64 = 0
    public var casBadval: UInt64 = 0
    public var touchHits: UInt64 = 0

    public init() {}

    /// `STAT <id>:<name> <value>` lines for this class, in memcached's order.
    public var namedValues: [(String, UInt64)] {
        [
            ("chunk_size", chunkSize), ("chunks_per_page", chunksPerPage), ("total_pages", totalPages),
            ("total_chunks", totalChunks), ("used_chunks", usedChunks), ("free_chunks", freeChunks),
            ("free_chunks_end", freeChunksEnd), ("get_hits", getHits), ("cmd_set", cmdSet),
            ("delete_hits", deleteHits), ("incr_hits", incrHits), ("decr_hits", decrHits),
            ("cas_hits", casHits), ("cas_badval", casBadval), ("touch_hits", touchHits),
        ]
    }
}

/// One slab class for `stats items` (memcached names in `namedValues`).
public struct ItemClassStats: Sendable, Equatable {
    public var id: Int = 0
    public var number: UInt64 = 0
    public var numberHot: UInt64 = 0
    public var numberWarm: UInt64 = 0
    public var numberCold: UInt64 = 0
    public var numberTemp: UInt64 = 0
    /// Seconds since the tail item of HOT / WARM / COLD was last accessed.
    public var ageHot: UInt64 = 0
    public var ageWarm: UInt64 = 0
    public var age: UInt64 = 0
    public var memRequested: UInt64 = 0
    public var evicted: UInt64 = 0
    public var evictedNonzero: UInt64 = 0
    public var evictedTime: UInt64 = 0
    public var outOfMemory: UInt64 = 0
    /// memcached frees tail items referenced for longer than `-o tail_repair_time`; no request holds a
    /// reference here (README), so there is nothing to repair: always 0.
    public var tailRepairs: UInt64 = 0
    public var reclaimed: UInt64 = 0
    public var expiredUnfetched: UInt64 = 0
    public var evictedUnfetched: UInt64 = 0
    public var evictedActive: UInt64 = 0
    public var crawlerReclaimed: UInt64 = 0
    public var crawlerItemsChecked: UInt64 = 0
    /// Always 0 here (see `EngineStats.lrutailReflocked`).
    public var lrutailReflocked: UInt64 = 0
    public var movesToCold: UInt64 = 0
    public var movesToWarm: UInt64 = 0
    public var movesWithinLRU: UInt64 = 0
    public var directReclaims: UInt64 = 0
    public var hitsToHot: UInt64 = 0
    public var hitsToWarm: UInt64 = 0
    public var hitsToCold: UInt64 = 0
    public var hitsToTemp: UInt64 = 0
    /// memcached prints the segment lines only while the maintainer runs, and number_temp only with the
    /// TEMP segment on.
    public var maintainerEnabled = true
    public var temporaryLRU = false

    public init() {}

    /// `STAT items:<id>:<name> <value>` lines for this class, in memcached 1.6.18's order.
    public var namedValues: [(String, UInt64)] {
        var lines: [(String, UInt64)] = [("number", number)]
        if maintainerEnabled {
            lines += [("number_hot", numberHot), ("number_warm", numberWarm), ("number_cold", numberCold)]
            if temporaryLRU { lines.append(("number_temp", numberTemp)) }
            lines += [("age_hot", ageHot), ("age_warm", ageWarm)]
        }
        lines += [
            ("age", age), ("mem_requested", memRequested), ("evicted", evicted), ("evicted_nonzero", evictedNonzero),
            ("evicted_time", evictedTime), ("outofmemory", outOfMemory), ("tailrepairs", tailRepairs),
            ("reclaimed", reclaimed), ("expired_unfetched", expiredUnfetched), ("evicted_unfetched", evictedUnfetched),
        ]
        if maintainerEnabled { lines.append(("evicted_active", evictedActive)) }
        lines += [
            ("crawler_reclaimed", crawlerReclaimed), ("crawler_items_checked", crawlerItemsChecked),
            ("lrutail_reflocked", lrutailReflocked),
        ]
        if maintainerEnabled {
            lines += [
                ("moves_to_cold", movesToCold), ("moves_to_warm", movesToWarm), ("moves_within_lru", movesWithinLRU),
                ("direct_reclaims", directReclaims), ("hits_to_hot", hitsToHot), ("hits_to_warm", hitsToWarm),
                ("hits_to_cold", hitsToCold), ("hits_to_temp", hitsToTemp),
            ]
        }
        return lines
    }
}
