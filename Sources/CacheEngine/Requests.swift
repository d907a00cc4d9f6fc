// Requests: the value types passed to and returned from CacheEngine operations (store, delete,
// arithmetic), and the views through which callers read (ItemView) or modify (MetaItemHandle) a locked item.

/// Read-only view of an item handed to `CacheEngine.get`'s body.
///
/// Lifetime rule: valid only inside the body; the item's lock is held meanwhile, so copy the bytes out
/// and do not block. `~Copyable` so the view cannot escape by accident.
public struct ItemView: ~Copyable {
    public var key: UnsafeRawBufferPointer
    /// The data only, without "\r\n".
    public var value: UnsafeRawBufferPointer
    public var clientFlags: UInt32
    /// 0 when CAS is disabled (-C).
    public var cas: UInt64
}

/// Mutable access to a locked item for meta commands (mg). Valid only inside `metaAccess`'s body, where
/// the item's lock is held. Reading properties is free; setters write the item directly.
public struct MetaItemHandle {
    let item: Item
    let ref: ItemRef
    let hash: UInt64
    /// The engine outlives every handle (handles exist only inside `metaAccess`); a guaranteed reference
    /// keeps the calls below free of retain/release.
    private let engineRef: Unmanaged<CacheEngine>
    unowned(unsafe) let context: WorkerContext

    /// Value of the item's last-access time before this call.
    public let lastAccess: UInt32
    /// Whether the item had been fetched before this call (mg `h` flag).
    public let wasFetchedBefore: Bool
    /// The item was vivified (created as a 0-byte stub) by this call.
    public let wasCreated: Bool

    init(
        item: Item, ref: ItemRef, hash: UInt64, engine: CacheEngine, context: WorkerContext, lastAccess: UInt32,
        wasFetchedBefore: Bool, wasCreated: Bool
    ) {
        self.item = item
        self.ref = ref
        self.hash = hash
        self.engineRef = .passUnretained(engine)
        self.context = context
        self.lastAccess = lastAccess
        self.wasFetchedBefore = wasFetchedBefore
        self.wasCreated = wasCreated
    }

    public var key: UnsafeRawBufferPointer { item.key }
    public var value: UnsafeRawBufferPointer { item.value }
    public var clientFlags: UInt32 { item.clientFlags }
    /// 0 when CAS is disabled (-C).
    public var cas: UInt64 { engineRef._withUnsafeGuaranteedRef { $0.configuration.casEnabled } ? item.cas : 0 }

    /// Relative expiry, 0 = never. Setting it is a touch: the CAS does not change. (The touch is counted
    /// by `metaAccess` when called with `kind: .touch`.)
    public var expiry: UInt32 {
        get { item.exptime }
        nonmutating set { item.exptime = newValue }
    }

    /// The key was sent base64-encoded when the item was stored (memcached's ITEM_KEY_BINARY): `k` and
    /// `me` show it base64-encoded, whatever the current request says.
    public var keyIsBinary: Bool { item.keyIsBinary }

    /// The item's version: its CAS even when CAS is disabled (-C), for `ArithmeticRequest.referencedVersions`.
    public var version: UInt64 { item.cas }

    /// Marked stale by `md I` / `ms I` (meta `X`).
    public var isStale: Bool { item.bits.contains(.stale) }

    /// A win (`W`) was already handed out for this item; set it when handing one out.
    public var winTokenSent: Bool {
        get { item.bits.contains(.tokenSent) }
        nonmutating set {
            if newValue { item.bits.insert(.tokenSent) } else { item.bits.remove(.tokenSent) }
        }
    }

    /// Bytes of the chunk the item uses (header, key and value), for `me size=`.
    public var totalSize: Int { item.totalSize }
    /// Slab class of the item, for `me cls=`.
    public var slabClassID: Int { engineRef._withUnsafeGuaranteedRef { $0.classOf(item) } }

    /// Marks the item fetched and, with `bumpLRU`, applies the LRU hit rule (see `CacheEngine.recordHit`).
    /// mg bumps unless its `u` flag is given.
    public func markAccessed(bumpLRU: Bool) {
        engineRef._withUnsafeGuaranteedRef {
            $0.markAccessed(ref, item, hash: hash, bumpLRU: bumpLRU, context: context)
        }
    }
}

/// Storage command mode. The classic `cas` command is `.set` with `compareCAS` and `isClassicCAS`.
public enum StoreMode: UInt8, Sendable {
    case set, add, replace, append, prepend
}

/// What a storage command asks for. `key` and `value` point into the caller's buffer and are only read
/// during the call.
public struct StoreRequest {
    /// .set .add .replace .append .prepend; set/replace with `compareCAS != 0` work in CAS mode.
    public var mode: StoreMode
    public var key: UnsafeRawBufferPointer
    /// The data without "\r\n".
    public var value: UnsafeRawBufferPointer
    public var clientFlags: UInt32
    /// Relative expiry (already converted with `EngineClock.relativeExpiry`), 0 = never.
    public var expiry: UInt32
    /// Classic `cas` / ms `C<cas>`; 0 = no check.
    public var compareCAS: UInt64 = 0
    /// Classic `cas` command: CAS mode even with compareCAS 0 (which then never matches).
    public var isClassicCAS: Bool = false
    /// ms `I`: a compareCAS older than the item's stores the value but keeps the item stale.
    public var invalidateIfStale: Bool = false
    /// ms `E<cas>`: use this as the new CAS (0 = engine assigns).
    public var explicitNewCAS: UInt64 = 0
    /// ms MA/MP `N<ttl>`: append/prepend on a miss creates the item with this expiry.
    public var vivifyExpiry: UInt32? = nil
    /// ms `b`: the key was sent base64-encoded; the stored item remembers it (memcached ITEM_KEY_BINARY).
    /// As in memcached, an append/prepend result never carries the bit (only an item it creates does).
    public var keyIsBinary: Bool = false

    public init(
        mode: StoreMode, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
        clientFlags: UInt32 = 0, expiry: UInt32 = 0, compareCAS: UInt64 = 0, isClassicCAS: Bool = false,
        invalidateIfStale: Bool = false, explicitNewCAS: UInt64 = 0, vivifyExpiry: UInt32? = nil,
        keyIsBinary: Bool = false
    ) {
        self.keyIsBinary = keyIsBinary
        self.mode = mode
        self.key = key
        self.value = value
        self.clientFlags = clientFlags
        self.expiry = expiry
        self.compareCAS = compareCAS
        self.isClassicCAS = isClassicCAS
        self.invalidateIfStale = invalidateIfStale
        self.explicitNewCAS = explicitNewCAS
        self.vivifyExpiry = vivifyExpiry
    }
}

/// Result of a storage command, as the classic replies name them.
public enum StoreResult: Sendable, Equatable {
    case stored, notStored, exists, notFound, tooLarge, outOfMemory
}

/// Result of a storage command plus the new item's CAS (0 unless stored, or with -C) and value length.
public struct StoreOutcome: Sendable, Equatable {
    public var result: StoreResult
    public var cas: UInt64
    public var valueLength: Int

    public init(result: StoreResult, cas: UInt64 = 0, valueLength: Int = 0) {
        self.result = result
        self.cas = cas
        self.valueLength = valueLength
    }
}

/// Classic `delete` and meta `md`.
public struct DeleteRequest {
    public var key: UnsafeRawBufferPointer
    /// md `C`: act only if the item's CAS matches; else `.exists`.
    public var compareCAS: UInt64 = 0
    /// md `I`: keep the item, mark it stale, clear the win bit, give it a new CAS.
    public var invalidate: Bool = false
    /// md `I T<ttl>`: new relative expiry (only with `invalidate`).
    public var newExpiry: UInt32? = nil
    /// md `E`: the new CAS for `invalidate`/`dropValue` (0 = engine assigns).
    public var explicitNewCAS: UInt64 = 0
    /// md `x`: empty the value and client flags but keep the item.
    public var dropValue: Bool = false

    public init(
        key: UnsafeRawBufferPointer, compareCAS: UInt64 = 0, invalidate: Bool = false,
        newExpiry: UInt32? = nil, explicitNewCAS: UInt64 = 0, dropValue: Bool = false
    ) {
        self.key = key
        self.compareCAS = compareCAS
        self.invalidate = invalidate
        self.newExpiry = newExpiry
        self.explicitNewCAS = explicitNewCAS
        self.dropValue = dropValue
    }
}

/// Result of a delete.
public enum DeleteOutcome: Sendable, Equatable {
    case deleted, notFound, exists
}

/// Classic `incr`/`decr` and meta `ma`.
public struct ArithmeticRequest {
    public var key: UnsafeRawBufferPointer
    public var increment: Bool
    public var delta: UInt64
    /// ma `C`: act only if the item's CAS matches; else `.exists`.
    public var compareCAS: UInt64 = 0
    /// ma `N<ttl> J<initial>`: on a miss create the item holding `initial` with this expiry.
    public var vivify: (initial: UInt64, expiry: UInt32)? = nil
    /// ma `T`: new relative expiry on success.
    public var newExpiry: UInt32? = nil
    /// A created counter ignores `newExpiry` and keeps the vivify TTL (memcached applies ma's flags in
    /// request order, so `T… N…` ends with N's TTL on creation).
    public var vivifyOverridesNewExpiry: Bool = false
    /// ma `E`: the new CAS (0 = engine assigns).
    public var explicitNewCAS: UInt64 = 0
    /// The versions (`MetaItemHandle.version`) of items the caller still references: memcached writes an
    /// incr/decr result in place only while nobody else holds a reference to the item, and a meta get
    /// whose reply has not been sent yet still does. When the item's version is among these, the result
    /// goes to a new item (not fetched, unpadded, without the binary-key bit), as memcached then does.
    /// Empty = in place. Read during the call only.
    public var referencedVersions = UnsafeBufferPointer<UInt64>(start: nil, count: 0)

    public init(
        key: UnsafeRawBufferPointer, increment: Bool, delta: UInt64, compareCAS: UInt64 = 0,
        vivify: (initial: UInt64, expiry: UInt32)? = nil, newExpiry: UInt32? = nil,
        explicitNewCAS: UInt64 = 0, referencedVersions: UnsafeBufferPointer<UInt64> = .init(start: nil, count: 0)
    ) {
        self.referencedVersions = referencedVersions
        self.key = key
        self.increment = increment
        self.delta = delta
        self.compareCAS = compareCAS
        self.vivify = vivify
        self.newExpiry = newExpiry
        self.explicitNewCAS = explicitNewCAS
    }
}

/// What `arithmetic(_:context:report:)` tells beyond the outcome, for meta `ma`.
public struct ArithmeticReport: Sendable, Equatable {
    /// The counter did not exist and was created (ma `N`).
    public var created = false
    /// Relative expiry (0 = never) before the request's `newExpiry` was applied: the old item's, or the
    /// vivify TTL for a created counter. ma prints it for a `t` that comes before `T`.
    public var previousExpiry: UInt32 = 0

    public init() {}
}

/// How `metaAccess` counts the access in the stats.
public enum MetaAccessKind: Sendable {
    /// mg without T: cmd_get and get_hits / get_misses.
    case get
    /// mg with T: a hit counts cmd_touch and touch_hits only; a miss counts cmd_get and get_misses.
    case touch
    /// me: cmd_meta only.
    case debug
}

/// Result of incr/decr.
public enum ArithmeticOutcome: Sendable, Equatable {
    /// The new value, the item's CAS (0 with -C) and its relative expiry (0 = never), for ma `t`.
    case value(UInt64, cas: UInt64, expiry: UInt32)
    case notFound, nonNumeric, exists, outOfMemory
}
