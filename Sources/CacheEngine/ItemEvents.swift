// ItemEvents: what the engine tells an observer about item lookups, stores and evictions while someone
// wants them: memcached's `watch fetchers`, `watch mutations` and `watch evictions` streams, and the
// `-vvv` "> FOUND KEY" lines.
//
//   event     emitted by                                   when `ItemEventSwitch.wanted` has
//   fetched   every lookup of a key (get, touch, store's   .fetches (watch) or .traceFetches (-vvv)
//             own lookup, incr/decr, delete, meta)
//   stored    every storage command's outcome             .stores
//   evicted   the LRU tail pull that evicts an item         .evictions
//   crawled   the end of a crawl, per class crawled         .crawls
//
// Why a switch and sinks: the engine knows nothing of loggers, sockets or watchers. The server sets one
// sink per worker (`WorkerContext.eventSink`, for fetched/stored, which carry the worker's context) and one
// for threads without a context (`CacheEngine.systemEventSink`, evictions); the
// switch is one atomic word the logger thread rewrites as watchers come and go. With nobody watching, a
// lookup pays one relaxed load and a branch. Sinks are called with engine locks held: they must copy what
// they need and never call back into the engine.

import Synchronization

/// The kinds of item events an observer can ask for.
public struct ItemEventKinds: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Key lookups (memcached's `item_get` lines).
    public static let fetches = ItemEventKinds(rawValue: 1)
    /// Storage outcomes (`item_store`).
    public static let stores = ItemEventKinds(rawValue: 2)
    /// Evictions (`eviction`).
    public static let evictions = ItemEventKinds(rawValue: 4)
    /// Key lookups for the `-vvv` stderr lines ("> FOUND KEY", "> NOT FOUND").
    public static let traceFetches = ItemEventKinds(rawValue: 8)
    /// Crawls finished (`lru_crawler`, one per class crawled).
    public static let crawls = ItemEventKinds(rawValue: 16)
}

/// Which item events anyone wants right now; shared by every thread of the engine.
public final class ItemEventSwitch: Sendable {
    private let wanted = Atomic<UInt32>(0)

    init() {}

    /// True when any of `kinds` is wanted.
    @inline(__always)
    public func wants(_ kinds: ItemEventKinds) -> Bool {
        wanted.load(ordering: .relaxed) & kinds.rawValue != 0
    }

    /// Replaces the wanted set (the logger, as watchers come and go; the server, as verbosity changes).
    public func set(_ kinds: ItemEventKinds) {
        wanted.store(kinds.rawValue, ordering: .relaxed)
    }

    /// The wanted set.
    public var current: ItemEventKinds { ItemEventKinds(rawValue: wanted.load(ordering: .relaxed)) }
}

/// How a lookup ended (memcached's item_get `status=`).
public enum ItemFetchStatus: UInt8, Sendable {
    case notFound, found, flushed, expired

    /// memcached's word for it.
    public var name: StaticString {
        switch self {
        case .notFound: "not_found"
        case .found: "found"
        case .flushed: "flushed"
        case .expired: "expired"
        }
    }
}

/// The command of a store event (memcached's item_store `cmd=`).
public enum ItemStoreCommand: UInt8, Sendable {
    case add, set, replace, append, prepend, cas

    /// memcached's word for it.
    public var name: StaticString {
        switch self {
        case .add: "add"
        case .set: "set"
        case .replace: "replace"
        case .append: "append"
        case .prepend: "prepend"
        case .cas: "cas"
        }
    }
}

/// Receives item events. Implemented by the server's logger; see the file comment for the rules.
public protocol ItemEventSink: AnyObject, Sendable {
    /// A lookup of `key`: its outcome, and for an item found (or found dead) its class and value length.
    func itemFetched(key: UnsafeRawBufferPointer, status: ItemFetchStatus, classID: Int, valueLength: Int)
    /// A storage command's outcome. `ttl` is the seconds left (0: never expires), `valueLength` the
    /// stored length (for append/prepend the combined one).
    func itemStored(
        key: UnsafeRawBufferPointer, result: StoreResult, command: ItemStoreCommand, ttl: UInt32, classID: Int,
        valueLength: Int)
    /// An eviction: whether the item had been fetched, its seconds left (-1: no expiry), seconds since its
    /// last access, class and value length.
    func itemEvicted(
        key: UnsafeRawBufferPointer, fetched: Bool, ttl: Int64, lastAccess: UInt32, classID: Int, valueLength: Int)
    /// A crawl of one slab class ended: items looked at, dead ones freed, seconds the whole crawl took.
    func crawlFinished(classID: Int, examined: UInt64, reclaimed: UInt64, elapsedSeconds: UInt32)
}

extension CacheEngine {
    /// A lookup's event, when one is wanted (`findLive`). Shard lock held.
    @inline(__always)
    func noteFetch(_ key: UnsafeRawBufferPointer, _ ref: ItemRef, status: ItemFetchStatus, context: WorkerContext) {
        guard itemEvents.wants([.fetches, .traceFetches]), let sink = context.eventSink else { return }
        if ref == 0 {
            sink.itemFetched(key: key, status: status, classID: 0, valueLength: 0)
        } else {
            let it = item(ref)
            sink.itemFetched(key: key, status: status, classID: classOf(it), valueLength: it.valueLength)
        }
    }

    /// A store's event, when one is wanted (`store`).
    @inline(__always)
    func noteStore(_ request: StoreRequest, _ outcome: StoreOutcome, context: WorkerContext) {
        guard itemEvents.wants(.stores), let sink = context.eventSink else { return }
        let command: ItemStoreCommand
        switch request.mode {
        case .set: command = request.isClassicCAS || request.compareCAS != 0 ? .cas : .set
        case .add: command = .add
        case .replace: command = request.isClassicCAS || request.compareCAS != 0 ? .cas : .replace
        case .append: command = .append
        case .prepend: command = .prepend
        }
        let length = outcome.result == .stored ? outcome.valueLength : request.value.count
        let classID = classID(
            forSize: Item.totalSize(keyLength: request.key.count, valueLength: length, clientFlags: request.clientFlags)
        )
        let now = clock.now
        let ttl = request.expiry == 0 ? 0 : (request.expiry > now ? request.expiry &- now : 0)
        sink.itemStored(
            key: request.key, result: outcome.result, command: command, ttl: ttl, classID: classID,
            valueLength: length)
    }

    /// An eviction's event, when one is wanted (`pullTail`). Class and shard locks held.
    @inline(__always)
    func noteEviction(_ it: Item, classID: Int, now: UInt32) {
        guard itemEvents.wants(.evictions), let sink = systemEventSink.withLock({ $0 }) else { return }
        let ttl: Int64 = it.exptime == 0 ? -1 : Int64(it.exptime) - Int64(now)
        sink.itemEvicted(
            key: it.key, fetched: it.bits.contains(.fetched), ttl: ttl, lastAccess: now &- it.time,
            classID: classID, valueLength: it.valueLength)
    }

    /// A crawl's events, when wanted (`crawl`): one per class that had items looked at.
    func noteCrawl(
        classes set: SlabClassSet, examined: [UInt64], reclaimed: [UInt64], elapsedSeconds: UInt32
    ) {
        guard itemEvents.wants(.crawls), let sink = systemEventSink.withLock({ $0 }) else { return }
        for id in 0..<examined.count where set.contains(id) && examined[id] > 0 {
            sink.crawlFinished(
                classID: id, examined: examined[id], reclaimed: reclaimed[id], elapsedSeconds: elapsedSeconds)
        }
    }
}
