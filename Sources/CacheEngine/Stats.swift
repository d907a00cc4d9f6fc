// Stats: per-worker operation counters (WorkerContext) and the aggregated snapshots the engine returns
// for `stats`, `stats slabs` and `stats items`, named as memcached names them.
import Synchronization

/// Counters a worker bumps that belong to no slab class.
enum WorkerCounter: Int, CaseIterable {
    case cmdGet, cmdTouch, cmdFlush, cmdMeta
    case getMisses, getExpired, getFlushed
    case deleteMisses, incrMisses, decrMisses, casMisses, touchMisses
    case storeTooLarge, storeNoMemory
}

/// Counters a worker bumps per slab class (memcached's thread slab_stats).
enum ClassCounter: Int, CaseIterable {
    case getHits, cmdSet, deleteHits, incrHits, decrHits, casHits, casBadval, touchHits
}

/// One per worker thread: that thread's operation counters. Not shared between threads for writing;
/// the engine only reads it (on `stats`). Each counter has a single writer, so it is bumped with a
/// relaxed load + store (a plain add on x86, no lock prefix) and read with a relaxed load.
public final class WorkerContext: @unchecked Sendable {
    static let classSlots = 66
    private static let globalCount = WorkerCounter.allCases.count
    private static let perClassCount = ClassCounter.allCases.count
    private static let totalCount = globalCount + classSlots * perClassCount

    private let counters: UnsafeMutablePointer<Atomic<UInt64>>

    /// Item references the protocol layer still holds on this worker (see `ReferencedItems`). Only the
    /// worker's own thread touches it.
    public let referencedItems = ReferencedItems()

    init() {
        // Whole cache lines of its own: other workers' contexts are allocated right before and after.
        let bytes = (WorkerContext.totalCount * MemoryLayout<Atomic<UInt64>>.stride + 63) & ~63
        counters = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            .bindMemory(to: Atomic<UInt64>.self, capacity: WorkerContext.totalCount)
        for i in 0..<WorkerContext.totalCount { (counters + i).initialize(to: Atomic(0)) }
    }

    deinit {
        counters.deinitialize(count: WorkerContext.totalCount)
        UnsafeMutableRawPointer(counters).deallocate()
    }

    /// Counts one `stats`-visible meta command in cmd_meta (memcached 1.6.18 counts only `me`, which
    /// `metaAccess(kind: .debug)` already does; this is for a caller that answers without a lookup).
    public func countMetaCommand() {
        count(.cmdMeta)
    }

    @inline(__always) func count(_ counter: WorkerCounter) {
        bump(counter.rawValue)
    }

    @inline(__always) func count(_ counter: ClassCounter, classID: Int) {
        let slot = classID < WorkerContext.classSlots ? classID : 0
        bump(WorkerContext.globalCount + slot * WorkerContext.perClassCount + counter.rawValue)
    }

    @inline(__always) func countTouchHit(classID: Int) {
        count(.cmdTouch)
        count(.touchHits, classID: classID)
    }

    @inline(__always) private func bump(_ index: Int) {
        let counter = counters + index
        counter.pointee.store(counter.pointee.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }

    func read(_ counter: WorkerCounter) -> UInt64 {
        counters[counter.rawValue].load(ordering: .relaxed)
    }

    func read(_ counter: ClassCounter, classID: Int) -> UInt64 {
        counters[WorkerContext.globalCount + classID * WorkerContext.perClassCount + counter.rawValue]
            .load(ordering: .relaxed)
    }
}

/// A small per-worker log of item versions (`MetaItemHandle.version`) that responses not yet sent still
/// refer to, each with a batch tag the protocol layer chooses (requests processed together and answered
/// with one write). memcached keeps a reference to an item until the response carrying it is sent, and
/// writes incr/decr results in place only when nobody else references the item; this log lets meta `ma`
/// find out (`ArithmeticRequest.referenceCheck`). Fixed capacity, oldest entries overwritten; no
/// allocation after creation. Used by one thread only.
public final class ReferencedItems: @unchecked Sendable {
    /// A batch tag: four words that together identify one batch of one connection.
    public struct Tag: Equatable, Sendable {
        public var connection: UInt
        public var inputEnd: UInt
        public var sentMark: Int
        public var outputStart: Int

        public init(connection: UInt, inputEnd: UInt, sentMark: Int, outputStart: Int) {
            self.connection = connection
            self.inputEnd = inputEnd
            self.sentMark = sentMark
            self.outputStart = outputStart
        }
    }

    private struct Entry {
        var version: UInt64 = 0
        var position: UInt = 0
        var tag = Tag(connection: 0, inputEnd: 0, sentMark: 0, outputStart: 0)
    }

    static let capacity = 8
    private let entries: UnsafeMutablePointer<Entry>
    private var next = 0

    init() {
        entries = .allocate(capacity: ReferencedItems.capacity)
        entries.initialize(repeating: Entry(), count: ReferencedItems.capacity)
    }

    deinit {
        entries.deinitialize(count: ReferencedItems.capacity)
        entries.deallocate()
    }

    /// Remembers that the request at input address `position` of batch `tag` references `version`.
    public func record(version: UInt64, position: UInt, tag: Tag) {
        entries[next] = Entry(version: version, position: position, tag: tag)
        next = (next + 1) % ReferencedItems.capacity
    }

    /// Whether a request before input address `position` of batch `tag` referenced `version`.
    public func contains(version: UInt64, before position: UInt, tag: Tag) -> Bool {
        for i in 0..<ReferencedItems.capacity {
            let e = entries[i]
            if e.version == version && e.version != 0 && e.position < position && e.tag == tag { return true }
        }
        return false
    }

    /// A question for the engine: is the item referenced by a request before `position` in batch `tag`?
    public struct Query: @unchecked Sendable {
        public let log: ReferencedItems
        public let position: UInt
        public let tag: Tag

        public init(log: ReferencedItems, position: UInt, tag: Tag) {
            self.log = log
            self.position = position
            self.tag = tag
        }

        @inline(__always) func matches(version: UInt64) -> Bool {
            log.contains(version: version, before: position, tag: tag)
        }
    }
}

/// Aggregated worker counters: a snapshot that can be subtracted (for `stats reset` baselines).
struct CounterTotals {
    var global = [UInt64](repeating: 0, count: WorkerCounter.allCases.count)
    var perClass = [[UInt64]](
        repeating: [UInt64](repeating: 0, count: ClassCounter.allCases.count), count: WorkerContext.classSlots)

    subscript(_ c: WorkerCounter) -> UInt64 { global[c.rawValue] }
    subscript(_ c: ClassCounter, classID classID: Int) -> UInt64 { perClass[classID][c.rawValue] }
    func sum(_ c: ClassCounter) -> UInt64 { perClass.reduce(0) { $0 &+ $1[c.rawValue] } }

    mutating func add(_ context: WorkerContext) {
        for c in WorkerCounter.allCases { global[c.rawValue] &+= context.read(c) }
        for id in 0..<WorkerContext.classSlots {
            for c in ClassCounter.allCases { perClass[id][c.rawValue] &+= context.read(c, classID: id) }
        }
    }

    func subtracting(_ base: CounterTotals) -> CounterTotals {
        var r = self
        for i in r.global.indices { r.global[i] &-= base.global[i] }
        for id in r.perClass.indices {
            for i in r.perClass[id].indices { r.perClass[id][i] &-= base.perClass[id][i] }
        }
        return r
    }
}

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
    /// Bytes of slab pages handed to classes plus large-item bytes (`stats slabs` total_malloced).
    public var totalMalloced: UInt64 = 0
    /// Slab pages handed to classes.
    public var totalPages: UInt64 = 0

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
            ("hash_is_expanding", hashIsExpanding), ("slabs_moved", slabsMoved), ("bytes", bytes),
            ("curr_items", currItems), ("total_items", totalItems),
            ("slab_global_page_pool", slabGlobalPagePool), ("expired_unfetched", expiredUnfetched),
            ("evicted_unfetched", evictedUnfetched), ("evicted_active", evictedActive),
            ("evictions", evictions), ("reclaimed", reclaimed), ("crawler_reclaimed", crawlerReclaimed),
            ("crawler_items_checked", crawlerItemsChecked),
        ]
    }
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

/// One slab class for `stats items` (memcached names in `namedValues`). The LRU is not segmented, so
/// every item counts as cold (number_hot/number_warm are 0).
public struct ItemClassStats: Sendable, Equatable {
    public var id: Int = 0
    public var number: UInt64 = 0
    public var numberHot: UInt64 = 0
    public var numberWarm: UInt64 = 0
    public var numberCold: UInt64 = 0
    public var ageHot: UInt64 = 0
    public var ageWarm: UInt64 = 0
    /// Seconds since the tail item was last accessed.
    public var age: UInt64 = 0
    public var memRequested: UInt64 = 0
    public var evicted: UInt64 = 0
    public var evictedNonzero: UInt64 = 0
    public var evictedTime: UInt64 = 0
    public var outOfMemory: UInt64 = 0
    public var tailRepairs: UInt64 = 0
    public var reclaimed: UInt64 = 0
    public var expiredUnfetched: UInt64 = 0
    public var evictedUnfetched: UInt64 = 0
    public var evictedActive: UInt64 = 0
    public var crawlerReclaimed: UInt64 = 0
    public var crawlerItemsChecked: UInt64 = 0
    public var lrutailReflocked: UInt64 = 0
    public var movesToCold: UInt64 = 0
    public var movesToWarm: UInt64 = 0
    public var movesWithinLRU: UInt64 = 0
    public var directReclaims: UInt64 = 0
    public var hitsToHot: UInt64 = 0
    public var hitsToWarm: UInt64 = 0
    public var hitsToCold: UInt64 = 0
    public var hitsToTemp: UInt64 = 0

    public init() {}

    /// `STAT items:<id>:<name> <value>` lines for this class, in memcached 1.6.18's order.
    public var namedValues: [(String, UInt64)] {
        [
            ("number", number), ("number_hot", numberHot), ("number_warm", numberWarm),
            ("number_cold", numberCold), ("age_hot", ageHot), ("age_warm", ageWarm), ("age", age),
            ("mem_requested", memRequested), ("evicted", evicted), ("evicted_nonzero", evictedNonzero),
            ("evicted_time", evictedTime), ("outofmemory", outOfMemory), ("tailrepairs", tailRepairs),
            ("reclaimed", reclaimed), ("expired_unfetched", expiredUnfetched),
            ("evicted_unfetched", evictedUnfetched), ("evicted_active", evictedActive),
            ("crawler_reclaimed", crawlerReclaimed), ("crawler_items_checked", crawlerItemsChecked),
            ("lrutail_reflocked", lrutailReflocked), ("moves_to_cold", movesToCold),
            ("moves_to_warm", movesToWarm), ("moves_within_lru", movesWithinLRU),
            ("direct_reclaims", directReclaims), ("hits_to_hot", hitsToHot), ("hits_to_warm", hitsToWarm),
            ("hits_to_cold", hitsToCold), ("hits_to_temp", hitsToTemp),
        ]
    }
}
