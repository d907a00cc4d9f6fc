// EngineConfiguration: the tunables of the storage engine (memcached's -m, -n, -f, -I, -M, -C, hashpower)
// and the errors the engine can report when it is created.

/// Settings of one `CacheEngine`, mirroring memcached's command-line tunables so the server can map its
/// flags one to one. Validated by `CacheEngine.init`.
public struct EngineConfiguration: Sendable {
    /// -m: bytes the cache may use for items (counted in slab pages plus large-item bytes).
    public var memoryLimit: Int = 64 << 20
    /// -n: bytes of key + value space in the smallest chunk (the chunk also holds the item header).
    public var chunkMinSize: Int = 48
    /// -f: each slab class's chunk size is the previous one times this factor, rounded up to 8 bytes.
    public var growthFactor: Double = 1.25
    /// -I: largest item accepted (1 KiB ... 1024 MiB), measured as memcached measures it (header, key,
    /// value and its CRLF), so the boundary matches memcached's byte for byte.
    public var itemSizeMax: Int = 1 << 20
    /// Slab page size (a power of two, 4 KiB ... 1 MiB). Items that do not fit a page's largest chunk are
    /// stored on the large-item path.
    public var slabPageSize: Int = 1 << 20
    /// `-o slab_chunk_max` (bytes; 0 = half a page, memcached's default) ends the growth-factor series
    /// of chunk sizes, as in memcached; `no_chunked_items` sets it to a page. swiftcached has no chunked
    /// items, so it accepts half a page or a whole page; the largest class is a whole page either way.
    public var slabChunkMax: Int = 0
    /// `-o slab_sizes=a-b-c`: explicit chunk sizes (memcached's sizes, before its header difference is
    /// taken off) instead of the growth-factor series; empty = the series.
    public var slabSizes: [Int] = []
    /// false with `-o no_hashexpand`: the hash table keeps its initial size.
    public var hashExpand: Bool = true
    /// `-o track_sizes`: `stats sizes` starts enabled (`stats sizes_enable|_disable` switch it).
    public var trackSizes: Bool = false
    /// `-e <file>`: item memory is a shared mapping of this file (normally on tmpfs), kept across a
    /// graceful stop for a warm restart (WarmRestart.swift). nil = anonymous memory.
    public var memoryFile: String? = nil
    /// false with -M: when memory is full, stores fail with `.outOfMemory` instead of evicting.
    public var evictionsEnabled: Bool = true
    /// false with -C: CAS values are reported as 0.
    public var casEnabled: Bool = true
    /// -o hashpower=N: log2 of the initial number of hash buckets (the table grows shard by shard).
    public var hashPowerInitial: Int = 16
    /// `-o lru_crawler` / `no_lru_crawler`: the LRU crawler frees expired and flushed items in the
    /// background and serves `lru_crawler crawl|metadump`.
    public var lruCrawler: Bool = true
    /// `-o lru_crawler_sleep`: microseconds the crawler pauses every 1,000 items it checks.
    public var lruCrawlerSleep: Int = 100
    /// `-o lru_crawler_tocrawl`: items a crawl checks per class at most (0 = all).
    public var lruCrawlerToCrawl: Int = 0
    /// `-o lru_maintainer` / `no_lru_maintainer`: the background thread that moves items between the LRU
    /// segments. Without it the LRU is flat (memcached ties the two together).
    public var lruMaintainer: Bool = true
    /// Segmented LRU (HOT/WARM/COLD); false = flat (every item in COLD, a hit bumps at most once a minute).
    public var lruSegmented: Bool = true
    /// `-o hot_lru_pct` / `warm_lru_pct`: the share of a class's item bytes HOT and WARM may hold.
    public var hotLRUPercent: Int = 20
    public var warmLRUPercent: Int = 40
    /// `-o hot_max_factor` / `warm_max_factor`: HOT and WARM items older than this times the age of COLD's
    /// tail move to COLD.
    public var hotMaxFactor: Double = 0.2
    public var warmMaxFactor: Double = 2.0
    /// `-o scan_guard=N` (swiftcached's; 0 = memcached 1.6.18's rule): while COLD earns no hits, WARM's
    /// age cap is suspended for up to N seconds after COLD's last hit, so a burst of new keys read by no
    /// one (a scan) cannot age the hot set out of WARM. WARM's byte cap still applies.
    public var scanGuardSeconds: UInt32 = 60
    /// `-o temporary_ttl=N` turns this on: items stored with a TTL of at most N seconds go to the TEMP
    /// segment, where they only expire and are never evicted.
    public var temporaryLRU: Bool = false
    public var temporaryTTL: UInt32 = 61
    /// -o slab_reassign / no_slab_reassign: `slabs reassign` and automove may move slab pages.
    public var slabReassign: Bool = true
    /// -o slab_automove=0|1|2: the page-balancing policy at start (`slabs automove` changes it).
    public var slabAutomove: Int = 1
    /// -o slab_automove_ratio: automove=1's youngest/oldest age ratio (`slabs automove ratio`).
    public var slabAutomoveRatio: Double = 0.8
    /// -o slab_automove_window: automove=1's window, in samples (seconds).
    public var slabAutomoveWindow: Int = 30

    public init() {}
}

/// Why a `CacheEngine` could not be created.
public enum EngineError: Error, Equatable, Sendable {
    /// A configuration value is out of range; the string names the setting and the accepted range.
    case invalidConfiguration(String)
    /// The memory arena could not be reserved (mmap failed with this errno).
    case arenaReservationFailed(errno: Int32)
    /// `-e`: the memory file could not be opened, sized or mapped (the string says which, with errno).
    case memoryFileFailed(String)
    /// A warm restart found the saved state inconsistent (the string says what); nothing was restored.
    case warmRestartRefused(String)
}
