// HotKeys: hot-key detection (`-o hotkeys`), the figures behind `stats hotkeys`, the metrics endpoint's
// hot-key gauge and the `watch hotkeys` stream.
//
// Each worker samples the keys its requests name, one request in `sampleInterval` on average. The gaps
// between samples are drawn from a geometric distribution (a per-worker xorshift generator), so the
// sampling is memoryless and cannot alias with a client that repeats a pattern every N requests. A sampled
// key goes into a space-saving top-K table (Metwally et al.): K preallocated slots hold a key copy, a count
// and the count it inherited when it took the slot over (its error), so a key's true sampled count lies in
// [count - error, count] and any key with more than 1/K of the samples is in the table. Tables cover fixed
// time windows: the current one and the last complete one. A rate is estimated from both as
// sum(count - error) * sampleInterval / (time since the last window began), so it averages over one to
// two windows and a key that went cold drops out within two windows.
//
// Thread rule: `observe` runs on the owning worker's thread only; it touches the skip counter and the
// generator (that thread's alone) and, on a sampled request only, takes the recorder's pthread mutex to
// update the tables. Readers on other threads (`rates(at:)`, `merged(_:limit:)`) take the same mutex. Either
// side rotates the windows when one is due, so a worker that went quiet still decays. Nothing allocates
// after init: key copies live in raw storage.

import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One hot key as reported: its bytes and its estimated request rate (requests per second).
public struct HotKey: Sendable, Equatable {
    public var key: [UInt8]
    public var rate: Double

    public init(key: [UInt8], rate: Double) {
        self.key = key
        self.rate = rate
    }
}

/// A worker's sampled top-K of requested keys. See the file comment for the method and the thread rule.
public final class HotKeyRecorder: @unchecked Sendable {
    /// Slots of each window's table.
    public static let capacity = 64
    /// Longest key kept (memcached's KEY_MAX_LENGTH); longer inputs are cut to it.
    static let maximumKeyLength = 250
    /// Default length of a window.
    public static let defaultWindowMicroseconds = 4_000_000

    /// One request in this many is sampled, on average.
    public let sampleInterval: Int
    /// Length of a window in CLOCK_MONOTONIC microseconds.
    public let windowMicroseconds: Int

    // Owner thread only.
    private var skip: Int
    private var random: UInt64
    /// log(1 - 1/sampleInterval), for the geometric gaps (0 when every request is sampled).
    private let logKeep: Double

    // Guarded by `mutex`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var current: SpaceSavingTable
    private var previous: SpaceSavingTable
    private var windowStart: Int
    /// False until the first window is complete: estimates then span only the current window.
    private var hasPrevious = false

    /// Creates a recorder sampling one request in `sampleInterval` (at least 1). `now` is the clock
    /// reading the first window starts at (tests pass their own); `seed` seeds the sampling generator.
    public init(
        sampleInterval: Int, windowMicroseconds: Int = HotKeyRecorder.defaultWindowMicroseconds,
        now: Int = EngineClock.monotonicMicroseconds(), seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    ) {
        precondition(sampleInterval >= 1 && windowMicroseconds > 0)
        self.sampleInterval = sampleInterval
        self.windowMicroseconds = windowMicroseconds
        logKeep = sampleInterval == 1 ? 0 : log(1 - 1 / Double(sampleInterval))
        random = seed == 0 ? 1 : seed
        skip = 1
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        current = SpaceSavingTable(capacity: Self.capacity)
        previous = SpaceSavingTable(capacity: Self.capacity)
        windowStart = now
        skip = nextSkip()
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        current.deallocate()
        previous.deallocate()
    }

    /// Counts one request for `key`. Unsampled (all but about one in `sampleInterval`): a decrement and a
    /// branch. Owner thread only.
    @inline(__always)
    public func observe(_ key: UnsafeRawBufferPointer) {
        skip &-= 1
        if _fastPath(skip > 0) { return }
        sample(key)
    }

    @inline(never)
    private func sample(_ key: UnsafeRawBufferPointer) {
        skip = nextSkip()
        record(key, now: EngineClock.monotonicMicroseconds())
    }

    /// Requests until the next sample: 1 + a geometric variable with success probability 1/sampleInterval,
    /// whose mean is `sampleInterval`.
    private func nextSkip() -> Int {
        guard sampleInterval > 1 else { return 1 }
        // xorshift64*, top 53 bits as a uniform in (0, 1].
        random ^= random >> 12
        random ^= random << 25
        random ^= random >> 27
        let bits = (random &* 0x2545_F491_4F6C_DD1D) >> 11
        let uniform = (Double(bits) + 1) / 9_007_199_254_740_992.0
        let gap = log(uniform) / logKeep
        return gap < 1e12 ? 1 + Int(gap) : 1_000_000_000_000
    }

    /// Adds one sample of `key` at `now` (µs). The sampled path, and the tests' way in.
    func record(_ key: UnsafeRawBufferPointer, now: Int) {
        pthread_mutex_lock(mutex)
        rotateIfDue(now: now)
        current.add(
            key.count > Self.maximumKeyLength ? UnsafeRawBufferPointer(rebasing: key[0..<Self.maximumKeyLength]) : key)
        pthread_mutex_unlock(mutex)
    }

    /// Caller holds the mutex. Moves to the window `now` falls in; a window with no sample is empty.
    private func rotateIfDue(now: Int) {
        let elapsed = now - windowStart
        guard elapsed >= windowMicroseconds else { return }
        let windows = elapsed / windowMicroseconds
        swap(&current, &previous)
        current.removeAll()
        // More than one window passed since the last rotation: the window before `now`'s had no samples.
        if windows > 1 { previous.removeAll() }
        windowStart += windows * windowMicroseconds
        hasPrevious = true
    }

    /// Count and error of `key` in the current window's table, nil when it has no slot (for tests).
    func currentEntry(_ key: [UInt8]) -> (count: UInt64, error: UInt64)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return current.entry(key)
    }

    /// This worker's estimated rates at `now` (µs): every key of the last complete and the current
    /// window, with sampled count `count - error` scaled to requests per second. Unordered.
    public func rates(at now: Int = EngineClock.monotonicMicroseconds()) -> [HotKey] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        rotateIfDue(now: now)
        let spanStart = hasPrevious ? windowStart - windowMicroseconds : windowStart
        let seconds = Double(max(now - spanStart, 1000)) / 1_000_000
        var counts: [[UInt8]: UInt64] = [:]
        if hasPrevious { previous.visitEntries { key, lowerBound in counts[key, default: 0] += lowerBound } }
        current.visitEntries { key, lowerBound in counts[key, default: 0] += lowerBound }
        return counts.compactMap { key, count in
            count == 0 ? nil : HotKey(key: key, rate: Double(count) * Double(sampleInterval) / seconds)
        }
    }

    /// The `limit` hottest keys of all `recorders` (one per worker), rates summed per key, hottest first
    /// (ties by key bytes, so the order is stable).
    public static func merged(
        _ recorders: [HotKeyRecorder], limit: Int, now: Int = EngineClock.monotonicMicroseconds()
    ) -> [HotKey] {
        var total: [[UInt8]: Double] = [:]
        for recorder in recorders {
            for hot in recorder.rates(at: now) { total[hot.key, default: 0] += hot.rate }
        }
        let sorted = total.map { HotKey(key: $0.key, rate: $0.value) }.sorted {
            $0.rate != $1.rate ? $0.rate > $1.rate : $0.key.lexicographicallyPrecedes($1.key)
        }
        return Array(sorted.prefix(max(0, limit)))
    }

    /// `key` as `stats hotkeys` and the metrics endpoint print it: printable ASCII bytes (0x21-0x7E) as
    /// they are, anything else and `%` itself as `%XX`, the URI encoding of memcached's `watch` lines.
    public static func printable(_ key: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(key.count)
        for byte in key {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A space-saving table in raw storage: `capacity` slots of key bytes, key length, key hash, count and
/// error. Owned by one `HotKeyRecorder`, used under its mutex.
struct SpaceSavingTable {
    let capacity: Int
    private let keys: UnsafeMutablePointer<UInt8>
    private let lengths: UnsafeMutablePointer<Int>
    private let hashes: UnsafeMutablePointer<UInt64>
    private let counts: UnsafeMutablePointer<UInt64>
    private let errors: UnsafeMutablePointer<UInt64>
    private(set) var used = 0

    init(capacity: Int) {
        self.capacity = capacity
        keys = .allocate(capacity: capacity * HotKeyRecorder.maximumKeyLength)
        lengths = .allocate(capacity: capacity)
        hashes = .allocate(capacity: capacity)
        counts = .allocate(capacity: capacity)
        errors = .allocate(capacity: capacity)
    }

    func deallocate() {
        keys.deallocate()
        lengths.deallocate()
        hashes.deallocate()
        counts.deallocate()
        errors.deallocate()
    }

    mutating func removeAll() { used = 0 }

    /// FNV-1a: only computed for sampled keys.
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    /// Counts one occurrence of `key` (at most `maximumKeyLength` bytes): its slot's count, else a free
    /// slot, else the slot with the smallest count, whose count the key inherits as its error.
    mutating func add(_ key: UnsafeRawBufferPointer) {
        let h = Self.hash(key)
        for slot in 0..<used where hashes[slot] == h && lengths[slot] == key.count {
            let stored = UnsafeRawBufferPointer(start: keys + slot * HotKeyRecorder.maximumKeyLength, count: key.count)
            if key.count == 0 || memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0 {
                counts[slot] &+= 1
                return
            }
        }
        let slot: Int
        if used < capacity {
            slot = used
            used += 1
            errors[slot] = 0
            counts[slot] = 1
        } else {
            var smallest = 0
            for candidate in 1..<used where counts[candidate] < counts[smallest] { smallest = candidate }
            slot = smallest
            errors[slot] = counts[slot]
            counts[slot] &+= 1
        }
        hashes[slot] = h
        lengths[slot] = key.count
        if key.count > 0 {
            memcpy(keys + slot * HotKeyRecorder.maximumKeyLength, key.baseAddress!, key.count)
        }
    }

    /// Calls `body` with each key and its guaranteed count (count - error). Cold path: copies the key.
    func visitEntries(_ body: ([UInt8], UInt64) -> Void) {
        for slot in 0..<used {
            let key = Array(
                UnsafeBufferPointer(start: keys + slot * HotKeyRecorder.maximumKeyLength, count: lengths[slot]))
            body(key, counts[slot] - errors[slot])
        }
    }

    /// Count and error of `key`, nil when it has no slot (for tests).
    func entry(_ key: [UInt8]) -> (count: UInt64, error: UInt64)? {
        for slot in 0..<used where lengths[slot] == key.count {
            let stored = UnsafeBufferPointer(start: keys + slot * HotKeyRecorder.maximumKeyLength, count: lengths[slot])
            if stored.elementsEqual(key) { return (counts[slot], errors[slot]) }
        }
        return nil
    }
}

/// The shape of `stats hotkeys [N]`.
public enum HotKeyLimits {
    /// N when omitted.
    public static let defaultLines = 10
    /// Largest N.
    public static let maximumLines: UInt32 = 100

    /// A rate with one decimal (`1234.5`), as `stats hotkeys` prints it.
    public static func formatRate(_ rate: Double) -> String {
        let tenths = Int((max(rate, 0) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
