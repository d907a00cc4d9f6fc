// TestSupport: a small harness around CacheEngine with String keys and values, a manual clock, and a
// helper running closures on real pthreads.
@testable import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One engine with a manual clock and one worker context, with String conveniences.
final class Harness: @unchecked Sendable {
    let clock: EngineClock
    let engine: CacheEngine
    let context: WorkerContext

    /// Wraps an engine made elsewhere (e.g. one restored from a memory file).
    init(engine: CacheEngine, clock: EngineClock) {
        self.clock = clock
        self.engine = engine
        context = engine.makeWorkerContext()
    }

    init(_ configure: (inout EngineConfiguration) -> Void = { _ in }) {
        var configuration = EngineConfiguration()
        configuration.memoryLimit = 8 << 20
        configuration.hashPowerInitial = 12
        configure(&configuration)
        clock = EngineClock(manualStart: 1_700_000_000)
        engine = try! CacheEngine(configuration: configuration, clock: clock)
        context = engine.makeWorkerContext()
    }

    @discardableResult
    func store(
        _ mode: StoreMode, _ key: String, _ value: String, flags: UInt32 = 0, expiry: UInt32 = 0,
        compareCAS: UInt64 = 0, classicCAS: Bool = false, invalidateIfStale: Bool = false,
        explicitCAS: UInt64 = 0, vivify: UInt32? = nil, context: WorkerContext? = nil
    ) -> StoreOutcome {
        let k = Array(key.utf8)
        let v = Array(value.utf8)
        return k.withUnsafeBytes { kb in
            v.withUnsafeBytes { vb in
                engine.store(
                    StoreRequest(
                        mode: mode, key: kb, value: vb, clientFlags: flags, expiry: expiry,
                        compareCAS: compareCAS, isClassicCAS: classicCAS,
                        invalidateIfStale: invalidateIfStale, explicitNewCAS: explicitCAS,
                        vivifyExpiry: vivify),
                    context: context ?? self.context)
            }
        }
    }

    @discardableResult
    func set(_ key: String, _ value: String, flags: UInt32 = 0, expiry: UInt32 = 0) -> StoreOutcome {
        store(.set, key, value, flags: flags, expiry: expiry)
    }

    struct Hit: Equatable {
        var value: String
        var flags: UInt32
        var cas: UInt64
    }

    func get(_ key: String, touch: UInt32? = nil, context: WorkerContext? = nil) -> Hit? {
        Array(key.utf8).withUnsafeBytes { kb in
            engine.get(kb, touch: touch, context: context ?? self.context) { view in
                Hit(value: String(decoding: view.value, as: UTF8.self), flags: view.clientFlags, cas: view.cas)
            }
        }
    }

    func value(_ key: String) -> String? { get(key)?.value }

    func touch(_ key: String, _ expiry: UInt32) -> Bool {
        Array(key.utf8).withUnsafeBytes { engine.touch($0, expiry: expiry, context: context) }
    }

    func delete(
        _ key: String, compareCAS: UInt64 = 0, invalidate: Bool = false, newExpiry: UInt32? = nil,
        explicitCAS: UInt64 = 0, dropValue: Bool = false
    ) -> DeleteOutcome {
        Array(key.utf8).withUnsafeBytes { kb in
            engine.delete(
                DeleteRequest(
                    key: kb, compareCAS: compareCAS, invalidate: invalidate,
                    newExpiry: newExpiry, explicitNewCAS: explicitCAS, dropValue: dropValue),
                context: context)
        }
    }

    func arithmetic(
        _ key: String, incr: Bool = true, _ delta: UInt64, compareCAS: UInt64 = 0,
        vivify: (initial: UInt64, expiry: UInt32)? = nil, newExpiry: UInt32? = nil
    ) -> ArithmeticOutcome {
        Array(key.utf8).withUnsafeBytes { kb in
            engine.arithmetic(
                ArithmeticRequest(
                    key: kb, increment: incr, delta: delta, compareCAS: compareCAS,
                    vivify: vivify, newExpiry: newExpiry), context: context)
        }
    }

    struct MetaResult: Equatable {
        var value: String
        var cas: UInt64
        var created: Bool
        var stale: Bool
        var wonBefore: Bool
        var fetchedBefore: Bool
        var expiry: UInt32
    }

    /// mg-like access: applies N's TTL when created, hands out a win like memcached (stale with no win
    /// sent yet, or created), marks accessed.
    func metaGet(_ key: String, vivify: UInt32? = nil, context: WorkerContext? = nil) -> (MetaResult, won: Bool)? {
        Array(key.utf8).withUnsafeBytes { kb in
            engine.metaAccess(kb, vivifyExpiry: vivify, context: context ?? self.context) { handle in
                if handle.wasCreated, let vivify { handle.expiry = clock.relativeExpiry(fromProtocol: Int64(vivify)) }
                let tokenBefore = handle.winTokenSent
                var won = false
                if handle.wasCreated { won = true }
                if handle.isStale && !tokenBefore { won = true }
                if won { handle.winTokenSent = true }
                handle.markAccessed(bumpLRU: true)
                return (
                    MetaResult(
                        value: String(decoding: handle.value, as: UTF8.self), cas: handle.cas,
                        created: handle.wasCreated, stale: handle.isStale, wonBefore: tokenBefore,
                        fetchedBefore: handle.wasFetchedBefore, expiry: handle.expiry), won
                )
            }
        }
    }

    var stats: EngineStats { engine.statsSnapshot() }
}

/// Runs `body(index)` on `count` pthreads and waits for all of them.
func runConcurrently(threads count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    final class Job {
        let body: @Sendable (Int) -> Void
        let index: Int
        init(_ body: @escaping @Sendable (Int) -> Void, _ index: Int) {
            self.body = body
            self.index = index
        }
    }
    var threads: [pthread_t] = []
    for index in 0..<count {
        var thread = pthread_t()
        let job = Unmanaged.passRetained(Job(body, index)).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                job.body(job.index)
                return nil
            }, job)
        precondition(rc == 0)
        threads.append(thread)
    }
    for thread in threads { pthread_join(thread, nil) }
}

/// Small deterministic PRNG (xorshift64*) so randomized tests are reproducible.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Per-thread results: slot i is written only by thread i (through raw storage, so threads never touch
/// a shared Swift array) and read after the threads are joined.
final class Results<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T>
    let count: Int

    init(_ count: Int, _ initial: T) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: initial, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    subscript(_ index: Int) -> T {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    var values: [T] { (0..<count).map { storage[$0] } }
}
