// CacheEngine: the public face of the storage engine and the state it owns: the slab arena, the slab
// classes with their LRUs, the sharded hash table, the CAS counter, the flush watermarks and the
// registry of worker counters. The operations live in ItemOperations.swift, memory management in
// SlabMemory.swift, the LRU in SegmentedLRU.swift, the table in HashTable.swift, the background threads in
// LRUMaintainer.swift and LRUCrawler.swift.
//
// Locking (memcached's model): a shard lock is the item lock for every key hashing to that shard; all
// reads and writes of an item happen under it. Each slab class has a lock for its LRU and free list.
// Order: shard -> class -> page pool. Eviction walks an LRU under the class lock and only try-locks the
// victim's shard. There is no global lock on the read path.
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The storage core of swiftcached: a memcached-compatible item store.
///
/// Thread-safe: any number of worker threads call it concurrently, each with its own `WorkerContext`.
/// Keys and values are passed as buffers the engine only reads during the call; values come back to the
/// caller inside closures that run under the item's lock, so no reference counting is needed.
///
/// Memory: one arena reserved with mmap (MAP_NORESERVE) and carved into slab pages handed to size
/// classes on demand until `memoryLimit` is reached; items too big for the largest chunk are malloc'd
/// on the large-item path and counted against the same limit.
public final class CacheEngine: @unchecked Sendable {
    public let configuration: EngineConfiguration
    public let clock: EngineClock

    // Arena and slab classes (immutable after init).
    let arena: UnsafeMutableRawPointer
    let arenaBytes: Int
    /// The whole mapping behind the arena (it is over-reserved so that page 1 starts on a huge-page
    /// boundary); released in deinit.
    private let mapping: (base: UnsafeMutableRawPointer, bytes: Int)
    let pageSize: Int
    let pageShift: Int
    let reservedPages: Int
    /// Owning class of each arena page (0 = not handed out), so pages could later move between classes.
    let pageOwner: UnsafeMutablePointer<UInt8>
    /// Slab classes 1...largestSlabClassID, plus `largeClassID` for malloc'd large items. Index 0 unused.
    let classes: PaddedLocks<SlabClass>
    let largestSlabClassID: Int
    let largeClassID: Int
    let largestChunkSize: Int
    let chunkSizes: [Int]
    let pagePool: PaddedLocks<PagePool>
    /// Large items: slot -> malloc'd item address; free slots form a stack. Guarded by the large class lock.
    let largeSlots: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let largeFreeSlots: UnsafeMutablePointer<UInt32>
    static let largeSlotCapacity = 1 << 16
    /// x86-64 and arm64 (4 KiB base pages) transparent huge page size.
    static let hugePageSize = 2 << 20
    static let largeItemBit: UInt32 = 0x8000_0000

    // Hash table.
    let shards: PaddedLocks<HashShard>
    let shardShift: UInt64

    // CAS and flush state.
    let casCounter = Atomic<UInt64>(0)
    /// Immediate flush: the second it happened (items with an earlier time are dead) and the CAS counter
    /// then (items with that time and a CAS not above it are dead).
    let flushImmediateTime = Atomic<UInt32>(0)
    let flushCASWatermark = Atomic<UInt64>(0)
    /// Delayed flushes already due: items with time < this are dead.
    let flushTimeWatermark = Atomic<UInt32>(0)
    /// Pending delayed flush deadline (0 = none): once now >= it, items with time < it are dead.
    let flushDeadline = Atomic<UInt32>(0)
    let flushLock = PthreadLocked<Void>(())

    /// The memory-policy settings that change at run time.
    let policy: LRUPolicy

    // Stats.
    let workers = PthreadLocked<WorkerRegistry>(WorkerRegistry())
    /// Passes of the maintainer's loop (`stats` lru_maintainer_juggles).
    let maintainerJuggles = Atomic<UInt64>(0)
    /// `stats detail`: per-prefix counters (PrefixStatistics.swift).
    public let prefixStatistics = PrefixStatistics()
    /// Which item events observers want (ItemEvents.swift).
    public let itemEvents = ItemEventSwitch()
    /// Where events of threads without a worker context go (evictions). Read under its lock only while
    /// such events are wanted.
    public let systemEventSink = PthreadLocked<(any ItemEventSink)?>(nil)
    /// What a warm restart brought back (WarmRestart.swift); nil after a cold start.
    let restoreReport = PthreadLocked<WarmRestartReport?>(nil)
    /// `stats sizes` is on (`-o track_sizes`, `stats sizes_enable|_disable`; `stats settings` track_sizes).
    public let sizeTracking: Atomic<Bool>

    // Background threads (BackgroundThreads.swift).
    let maintenance = PthreadLocked<MaintenanceState>(MaintenanceState())
    /// The background threads were started and not stopped (read by the threads themselves).
    let threadsRunning = Atomic<Bool>(false)
    let maintainerSleeper = ThreadSleeper()
    /// Free metadump placeholders: 64-byte slots in page 0 of the arena (never handed out as a slab
    /// page; zeroed, so a slot reads keyLength 0). 256 serve one dump of every list.
    let placeholderSlots: PthreadLocked<[ItemRef]>
    static let placeholderSlotCount = 4096
    let crawler: CrawlerState

    /// Slab page mover and automove state (PageMover.swift, SlabAutomove.swift).
    let pageMover: PageMoverState

    /// Creates an engine. With `configuration.memoryFile`, item memory is that file: `restoring` (read by
    /// `loadWarmRestartImage`) brings back the items a graceful stop left there; without it the file
    /// is cleared first.
    public init(
        configuration: EngineConfiguration, clock: EngineClock, restoring image: WarmRestartImage? = nil
    ) throws(EngineError) {
        try CacheEngine.validate(configuration)
        self.configuration = configuration
        self.clock = clock
        policy = LRUPolicy(configuration)
        sizeTracking = Atomic(configuration.trackSizes)

        pageSize = configuration.slabPageSize
        pageShift = pageSize.trailingZeroBitCount
        chunkSizes = CacheEngine.chunkSizes(for: configuration)
        largestSlabClassID = chunkSizes.count
        largeClassID = chunkSizes.count + 1
        largestChunkSize = chunkSizes.last!

        // Page 0 is never handed out (so ItemRef 0 means "none"); each class may take one page beyond
        // the limit (memcached lets a class with no page have one), hence the slack.
        let limitPages = (configuration.memoryLimit + pageSize - 1) / pageSize
        let maxArenaBytes = 1 << 34  // 31-bit refs of 8-byte units
        reservedPages = min(1 + limitPages + largestSlabClassID, maxArenaBytes / pageSize)
        arenaBytes = reservedPages * pageSize
        // Items are reached through random lookups, so with 4 KiB pages nearly every hit also misses the
        // TLB. The arena asks for transparent huge pages; pages 1... start on a 2 MiB boundary so that
        // never-used page 0 stays outside them and costs no memory.
        let hugePage = CacheEngine.hugePageSize
        let mappingBytes = arenaBytes + hugePage
        let mapped = mmap(nil, mappingBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { throw .arenaReservationFailed(errno: errno) }
        mapping = (mapped, mappingBytes)
        let firstPageAddress = (Int(bitPattern: mapped) + pageSize + hugePage - 1) & ~(hugePage - 1)
        arena = UnsafeMutableRawPointer(bitPattern: firstPageAddress - pageSize)!
        if let path = configuration.memoryFile {
            do throws(EngineError) {
                try CacheEngine.mapMemoryFile(path, at: arena, bytes: arenaBytes, keepContents: image != nil)
            } catch {
                munmap(mapped, mappingBytes)
                throw error
            }
        }
        // Advice only: where THP is off ("never") the arena simply uses normal pages.
        _ = madvise(arena + pageSize, arenaBytes - pageSize, MADV_HUGEPAGE)

        pageOwner = .allocate(capacity: reservedPages)
        pageOwner.initialize(repeating: 0, count: reservedPages)
        pageMover = PageMoverState(pages: reservedPages, configuration: configuration, classCount: largestSlabClassID)

        crawler = CrawlerState(classCount: chunkSizes.count + 2)
        // Slot k at byte 64 * k of page 0 (ItemRef = offset >> 3); slot 0 stays unused (ItemRef 0 = none).
        let slotCount = min(CacheEngine.placeholderSlotCount, configuration.slabPageSize / 64 - 1)
        placeholderSlots = PthreadLocked((1...slotCount).reversed().map { ItemRef($0 * 64 >> 3) })
        classes = PaddedLocks(count: largeClassID + 1, initialState: SlabClass())
        for (index, size) in chunkSizes.enumerated() {
            classes.state(index + 1).pointee.chunkSize = size
            classes.state(index + 1).pointee.perPage = pageSize / size
        }
        pagePool = PaddedLocks(count: 1, initialState: PagePool(nextFreshPage: 1, limit: configuration.memoryLimit))
        // calloc: all slots start nil (a zero pointer), and the zeroed pages cost nothing until used.
        guard let slots = calloc(CacheEngine.largeSlotCapacity, MemoryLayout<UnsafeMutableRawPointer?>.stride) else {
            fatalError("CacheEngine: out of memory")
        }
        largeSlots = slots.bindMemory(to: UnsafeMutableRawPointer?.self, capacity: CacheEngine.largeSlotCapacity)
        largeFreeSlots = .allocate(capacity: CacheEngine.largeSlotCapacity)

        let shardBits = min(10, configuration.hashPowerInitial)
        shardShift = UInt64(64 - shardBits)
        shards = PaddedLocks(count: 1 << shardBits, initialState: HashShard())
        let bucketsPerShard = 1 << (configuration.hashPowerInitial - shardBits)
        for i in 0..<shards.count {
            // calloc: zeroed pages cost no memory until used. If a huge -o hashpower cannot be had, start
            // with one bucket per shard; shards grow on demand.
            var size = bucketsPerShard
            var buckets = calloc(size, MemoryLayout<ItemRef>.size)
            if buckets == nil {
                size = 1
                buckets = calloc(1, MemoryLayout<ItemRef>.size)
            }
            let shard = shards.state(i)
            shard.pointee.buckets = buckets!.assumingMemoryBound(to: ItemRef.self)
            shard.pointee.mask = UInt32(size - 1)
        }
        if let image { try restore(image) }
    }

    deinit {
        stopMaintenance()
        stopPageMover()
        for i in 0..<shards.count { free(shards.state(i).pointee.buckets) }
        shards.destroy()
        // Only slots below the large class's high-water mark were ever handed out.
        for slot in 0..<classes.state(largeClassID).pointee.largeNextSlot {
            if let item = largeSlots[slot] { free(item - 8) }
        }
        free(largeSlots)
        largeFreeSlots.deallocate()
        classes.destroy()
        pagePool.destroy()
        pageOwner.deallocate()
        munmap(mapping.base, mapping.bytes)
    }

    private static func validate(_ c: EngineConfiguration) throws(EngineError) {
        func fail(_ message: String) -> EngineError { .invalidConfiguration(message) }
        let page = c.slabPageSize
        guard page >= 4096, page <= 1 << 20, page & (page - 1) == 0 else {
            throw fail("slabPageSize must be a power of two between 4 KiB and 1 MiB")
        }
        guard c.memoryLimit >= page, c.memoryLimit <= 1 << 50 else {
            throw fail("memoryLimit must be between one slab page and 1 PiB")
        }
        guard c.chunkMinSize >= 1, c.chunkMinSize <= page / 4 else {
            throw fail("chunkMinSize must be between 1 and a quarter of a slab page")
        }
        guard c.growthFactor > 1.0, c.growthFactor <= 100 else { throw fail("growthFactor must be > 1.0") }
        guard c.itemSizeMax >= 1024, c.itemSizeMax <= 1 << 30 else {
            throw fail("itemSizeMax must be between 1 KiB and 1024 MiB")
        }
        guard [0, page / 2, page].contains(c.slabChunkMax) else {
            throw fail("slabChunkMax must be half a slab page or a whole page (no chunked items)")
        }
        guard c.slabSizes.count <= 62, zip(c.slabSizes, c.slabSizes.dropFirst()).allSatisfy({ $0 + 8 < $1 }),
            c.slabSizes.allSatisfy({ $0 >= 1 && $0 <= page })
        else { throw fail("slabSizes must increase by more than 8 bytes each, up to a page, at most 62") }
        guard c.hashPowerInitial >= 1, c.hashPowerInitial <= 32 else {
            throw fail("hashPowerInitial must be between 1 and 32")
        }
        guard c.hotLRUPercent >= 0, c.warmLRUPercent >= 0, c.hotLRUPercent + c.warmLRUPercent <= 80 else {
            throw fail("hot and warm LRU percentages must not exceed 80 together")
        }
        guard c.hotMaxFactor > 0, c.warmMaxFactor > 0 else { throw fail("LRU age factors must be greater than 0") }
        guard c.lruCrawlerSleep >= 0, c.lruCrawlerSleep <= 1_000_000 else {
            throw fail("lruCrawlerSleep must be between 0 and 1000000")
        }
        guard c.lruSegmented == false || c.lruMaintainer else {
            throw fail("a segmented LRU needs the LRU maintainer")
        }
    }

    /// memcached's item header with 64-bit pointers (its `sizeof(item)`), which its smallest slab class
    /// adds to `-n`.
    static let memcachedHeaderSize = 48

    /// The slab class sizes: memcached 1.6.18's table for the same `-n`, `-f` and page size, each entry
    /// minus the difference between memcached's fixed per-item overhead and ours, so an item lands in the
    /// same (or a lower) class index as in memcached and a class never holds fewer items per page.
    ///
    /// memcached needs 48 (header) + 8 (CAS, unless -C) + key + 1 (NUL) + value + 2 (CRLF) bytes; we need
    /// 32 + key + value. The difference is 27 bytes with CAS and 19 with -C, so subtracting 24 (or 16)
    /// keeps the 8-byte alignment and still fits every item memcached's same class fits.
    ///
    /// memcached's recurrence (slabs_init): start at 48 + `-n`; while the size is below half a page
    /// divided by the factor, round it up to 8 bytes, record it, and multiply it by the factor (truncating
    /// to an integer); at most 62 such classes. Its last class is the largest chunk (half a page; bigger
    /// items are chained from several chunks there); ours is a whole page, and bigger items take the
    /// large-item path.
    /// With `-o slab_sizes` the listed sizes replace the series (each rounded up to 8 bytes, as memcached
    /// rounds them); `-o slab_chunk_max` ends the series where memcached's ends.
    static func chunkSizes(for c: EngineConfiguration) -> [Int] {
        let shrink = memcachedHeaderSize + (c.casEnabled ? 8 : 0) - Item.headerSize
        let chunkMax = Double(c.slabChunkMax == 0 ? c.slabPageSize / 2 : c.slabChunkMax)
        var sizes: [Int] = []
        var size = UInt32(memcachedHeaderSize + c.chunkMinSize)
        var listed = 0
        while sizes.count < 62 {
            if !c.slabSizes.isEmpty {
                guard listed < c.slabSizes.count else { break }
                size = UInt32(c.slabSizes[listed])
            } else if Double(size) >= chunkMax / c.growthFactor {
                break
            }
            if size % 8 != 0 { size += 8 - size % 8 }
            // A listed size too small for any item (in memcached too) gives no class here.
            if Int(size) - shrink >= Item.headerSize + 8 { sizes.append(Int(size) - shrink) }
            if c.slabSizes.isEmpty { size = UInt32(Double(size) * c.growthFactor) } else { listed += 1 }
        }
        sizes.append(c.slabPageSize)
        return sizes
    }

    /// One per worker thread; holds that thread's counters (aggregated on read). Not shared between threads.
    public func makeWorkerContext() -> WorkerContext {
        let context = WorkerContext()
        workers.withLock { $0.contexts.append(context) }
        return context
    }

    // MARK: flush

    /// flush_all [delay]: delay 0 invalidates every item stored before now; delay > 0 at now+delay.
    /// Never walks the table on the request path: dead items are recognised (and unlinked) when seen,
    /// or by the maintenance crawler. A newer flush replaces a pending delayed one (as in memcached).
    public func flushAll(delay: UInt32, context: WorkerContext) {
        context.count(.cmdFlush)
        flushLock.withLock { _ in
            let now = clock.now
            // A pending deadline that has passed already took effect: keep its effect.
            let pending = flushDeadline.load(ordering: .relaxed)
            if pending != 0 && pending <= now {
                if pending > flushTimeWatermark.load(ordering: .relaxed) {
                    flushTimeWatermark.store(pending, ordering: .relaxed)
                }
            }
            if delay == 0 {
                flushDeadline.store(0, ordering: .relaxed)
                flushImmediateTime.store(now, ordering: .relaxed)
                flushCASWatermark.store(casCounter.load(ordering: .relaxed), ordering: .releasing)
            } else {
                let (deadline, overflow) = now.addingReportingOverflow(delay)
                flushDeadline.store(overflow ? UInt32.max : deadline, ordering: .relaxed)
            }
        }
    }

    /// cache_memlimit: changes the memory limit. Pages already handed out are kept (no page is taken
    /// back); new pages are limited by the new value and by the arena reserved at start. false if the
    /// value is below one page.
    public func setMemoryLimit(_ bytes: Int) -> Bool {
        guard bytes >= pageSize else { return false }
        pagePool.lock(0)
        pagePool.state(0).pointee.limit = bytes
        releasePoolPages(pagePool.state(0))
        pagePool.unlock(0)
        return true
    }

    /// The slab classes, for the -vv startup dump.
    public func slabClassInfo() -> [(id: Int, chunkSize: Int, perPage: Int)] {
        chunkSizes.enumerated().map { (id: $0.offset + 1, chunkSize: $0.element, perPage: pageSize / $0.element) }
    }
}

/// Worker contexts handed out and the counter baseline of the last `stats reset`.
struct WorkerRegistry {
    var contexts: [WorkerContext] = []
    var baseline = CounterTotals()
}
