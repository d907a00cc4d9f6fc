// CacheEngine: the public face of the storage engine (items, slab allocator, hash table, LRU, expiry,
// CAS, meta lease bits, flush and stats). No sockets, no parsing.
import Glibc
import Synchronization

/// The storage core of swiftcached: a memcached-compatible item store.
///
/// Thread-safe: any number of worker threads call it concurrently, each with its own `WorkerContext`.
/// Keys and values are passed as buffers the engine only reads during the call; values come back to the
/// caller inside closures that run under the item's lock, so no reference counting is needed.
public final class CacheEngine: @unchecked Sendable {
    public let configuration: EngineConfiguration
    public let clock: EngineClock

    public init(configuration: EngineConfiguration, clock: EngineClock) throws(EngineError) {
        self.configuration = configuration
        self.clock = clock
    }

    /// One per worker thread; holds that thread's counters (aggregated on read). Not shared between threads.
    public func makeWorkerContext() -> WorkerContext {
        WorkerContext()
    }

    /// Starts the background maintenance thread (clock tick each second if requested, crawler freeing
    /// expired and flushed items). Bounded: `stopMaintenance()` joins it.
    public func startMaintenance(tickClock: Bool) {}

    /// Stops and joins the maintenance thread (no-op if it is not running).
    public func stopMaintenance() {}

    // MARK: classic reads

    /// get/gets/gat/gats. Looks the key up (expired and flushed items count as misses and are unlinked),
    /// optionally touches (new relative exptime), bumps the LRU (at most once per 60 s), sets fetched,
    /// counts get_hits/get_misses/get_expired/get_flushed (touch_hits/touch_misses and cmd_touch instead
    /// of get_hits/get_misses when touching, as memcached does) and calls `body` with a view valid only
    /// inside the call (the item lock is held: copy the bytes out, don't block).
    /// Returns nil on a miss (body not called).
    public func get<R>(_ key: UnsafeRawBufferPointer, touch newExpiry: UInt32?, context: WorkerContext,
                       _ body: (borrowing ItemView) -> R) -> R? {
        nil
    }

    /// touch: sets a new relative expiry without changing the CAS. Counts cmd_touch, touch_hits/misses.
    public func touch(_ key: UnsafeRawBufferPointer, expiry: UInt32, context: WorkerContext) -> Bool {
        false
    }

    // MARK: stores

    /// set/add/replace/append/prepend/cas and meta ms (see `StoreRequest` for the CAS, I, E and vivify
    /// rules). A failed `set` (too large, out of memory) removes the old item, as memcached does.
    public func store(_ request: StoreRequest, context: WorkerContext) -> StoreOutcome {
        StoreOutcome(result: .notStored)
    }

    // MARK: delete

    /// Classic delete and meta md (C compare, I invalidate, T with I, E, x drop value).
    public func delete(_ request: DeleteRequest, context: WorkerContext) -> DeleteOutcome {
        .notFound
    }

    // MARK: incr/decr

    /// Classic incr/decr and meta ma. The value must be a decimal u64 (memcached's strtoull rules); incr
    /// wraps mod 2^64, decr clamps at 0; a result not longer than the old value is written in place,
    /// right-padded with spaces, else a new item is stored.
    public func arithmetic(_ request: ArithmeticRequest, context: WorkerContext) -> ArithmeticOutcome {
        .notFound
    }

    // MARK: meta get

    /// Meta get: runs `body` under the item lock with a mutable handle, after an optional vivify.
    /// If the key is missing and `vivifyExpiry` is non-nil, atomically creates a 0-byte stub (flags 0,
    /// exptime 0 -- the caller applies N's TTL via the handle, in flag order), links it (fresh CAS) and
    /// passes it with `handle.wasCreated == true`. Counts cmd_get and get_hits/get_misses like memcached's
    /// mg (a vivified miss counts as a hit). Returns nil on a miss (body not called).
    public func metaAccess<R>(_ key: UnsafeRawBufferPointer, vivifyExpiry: UInt32?, context: WorkerContext,
                              _ body: (inout MetaItemHandle) -> R) -> R? {
        nil
    }

    // MARK: flush

    /// flush_all [delay]: delay 0 invalidates every item stored before now; delay > 0 at now+delay.
    /// Never walks the table on the request path: dead items are recognised (and unlinked) when seen.
    public func flushAll(delay: UInt32, context: WorkerContext) {}

    // MARK: stats

    /// Global counters, with memcached's names in `EngineStats.namedValues`.
    public func statsSnapshot() -> EngineStats { EngineStats() }
    /// Per slab class, for `stats slabs` (classes that own pages).
    public func slabStats() -> [SlabClassStats] { [] }
    /// Per slab class, for `stats items` (classes holding items).
    public func itemStats() -> [ItemClassStats] { [] }
    /// `stats sizes`: item totals rounded up to 32 bytes -> number of items.
    public func sizesHistogram() -> [(size: Int, count: Int)] { [] }
    /// `stats reset`: zeroes operation counters and eviction counters (not item counts).
    public func resetStats() {}
    /// cache_memlimit: changes the memory limit (pages already in use are kept). false if below one page.
    public func setMemoryLimit(_ bytes: Int) -> Bool { true }
    /// The slab classes, for the -vv startup dump.
    public func slabClassInfo() -> [(id: Int, chunkSize: Int, perPage: Int)] { [] }

    func markAccessed(_ item: Item, bumpLRU: Bool) {}
}
