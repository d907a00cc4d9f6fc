// PrefixStatistics: memcached's `stats detail` (stats_prefix.c): per key-prefix counts of gets, hits,
// sets and deletes, switched by `stats detail on|off` and `-D <delimiter>`, listed by `stats detail dump`.
//
// A key's prefix is the bytes before the first delimiter (`:` unless `-D` says otherwise); a key without
// the delimiter is not tracked, and a leading delimiter gives the empty prefix. Prefixes live in 256
// buckets chosen by memcached's key hash of the prefix (murmur3, or jenkins with `-o hash_algorithm=jenkins`
// / `no_modern`), newest first within a bucket, so a dump lists them in memcached's order. As in memcached,
// a bucket lookup compares only the new prefix's length (strncmp), and at most 65536 prefixes are kept.
//
// Locking: one mutex, like memcached's stats lock around the prefix table. It is taken only while detail
// is ON (recording) and by dump/reset/configure. While detail is OFF the request path pays one relaxed
// atomic load (`isEnabled`) and nothing else: no lock, no allocation.

import Synchronization

/// Per-prefix request counters for `stats detail` (memcached's stats_prefix.c).
///
/// Thread-safe: workers call the `record*` methods concurrently, guarded by `isEnabled` so that the cost
/// while detail is off is a single relaxed atomic load.
public final class PrefixStatistics: Sendable {
    /// The key hash memcached buckets prefixes by (its configured `hash_algorithm`).
    public enum HashFunction: Sendable {
        /// MurmurHash3 x86 32-bit, seed 0 (memcached's default).
        case murmur3
        /// Bob Jenkins' lookup3 `hashlittle`, initval 0 (`-o hash_algorithm=jenkins`, `-o no_modern`).
        case jenkins
    }

    /// memcached's PREFIX_HASH_SIZE.
    static let bucketCount = 256
    /// memcached's MAX_PREFIX_COUNT: past it, new prefixes are not tracked.
    static let maximumPrefixes = 1 << 16

    private struct Entry {
        var prefix: [UInt8]
        var gets: UInt64 = 0
        var hits: UInt64 = 0
        var sets: UInt64 = 0
        var deletes: UInt64 = 0
    }

    private struct Table {
        /// Each bucket oldest first (a dump walks it backwards: newest first, like memcached's list).
        var buckets: [[Entry]] = Array(repeating: [], count: PrefixStatistics.bucketCount)
        var count = 0
        var hash: HashFunction = .murmur3
    }

    @usableFromInline let enabled = Atomic<Bool>(false)
    private let delimiterByte = Atomic<UInt8>(UInt8(ascii: ":"))
    private let table = PthreadLocked<Table>(Table())

    /// Detail off, delimiter `:`, murmur3 buckets: memcached's defaults.
    public init() {}

    /// Startup settings: the delimiter (`-D`), whether detail starts on (memcached: `-D` turns it on) and
    /// the hash memcached would use for the prefix buckets.
    public func configure(delimiter: UInt8, enabled: Bool, hash: HashFunction) {
        delimiterByte.store(delimiter, ordering: .relaxed)
        table.withLock { $0.hash = hash }
        self.enabled.store(enabled, ordering: .relaxed)
    }

    /// Whether requests are being counted (`stats detail on`). The request path checks this first.
    @inlinable
    public var isEnabled: Bool { enabled.load(ordering: .relaxed) }

    /// `stats detail on` / `stats detail off`. Counters are kept while off and still dumped.
    public func setEnabled(_ on: Bool) { enabled.store(on, ordering: .relaxed) }

    /// The prefix delimiter (`stat_key_prefix` in `stats settings`).
    public var delimiter: UInt8 { delimiterByte.load(ordering: .relaxed) }

    /// One key of get/gets/gat/gats/bget; `hit` when it was found. Call only when `isEnabled`.
    public func recordGet(_ key: UnsafeRawBufferPointer, hit: Bool) {
        guard let length = prefixLength(key) else { return }
        table.withLock { t in
            guard let e = PrefixStatistics.find(&t, key, length) else { return }
            t.buckets[e.bucket][e.index].gets &+= 1
            if hit { t.buckets[e.bucket][e.index].hits &+= 1 }
        }
    }

    /// One set/add/replace/append/prepend/cas, before it allocates. Call only when `isEnabled`.
    public func recordSet(_ key: UnsafeRawBufferPointer) {
        guard let length = prefixLength(key) else { return }
        table.withLock { t in
            guard let e = PrefixStatistics.find(&t, key, length) else { return }
            t.buckets[e.bucket][e.index].sets &+= 1
        }
    }

    /// One classic delete, hit or miss. Call only when `isEnabled`.
    public func recordDelete(_ key: UnsafeRawBufferPointer) {
        guard let length = prefixLength(key) else { return }
        table.withLock { t in
            guard let e = PrefixStatistics.find(&t, key, length) else { return }
            t.buckets[e.bucket][e.index].deletes &+= 1
        }
    }

    /// `stats reset`: forgets every prefix.
    public func reset() {
        table.withLock { t in
            for i in t.buckets.indices { t.buckets[i].removeAll() }
            t.count = 0
        }
    }

    /// `stats detail dump`: `PREFIX <p> get <n> hit <n> set <n> del <n>\r\n` per prefix in memcached's
    /// order (bucket 0...255, newest first within a bucket), then `END\r\n`.
    public func dump() -> [UInt8] {
        table.withLock { t in
            var out: [UInt8] = []
            for bucket in t.buckets {
                for entry in bucket.reversed() {
                    out.append(contentsOf: "PREFIX ".utf8)
                    out.append(contentsOf: entry.prefix)
                    out.append(contentsOf: " get \(entry.gets) hit \(entry.hits)".utf8)
                    out.append(contentsOf: " set \(entry.sets) del \(entry.deletes)\r\n".utf8)
                }
            }
            out.append(contentsOf: "END\r\n".utf8)
            return out
        }
    }

    /// Length of `key`'s prefix, or nil when the key has no delimiter (memcached also stops at a NUL).
    private func prefixLength(_ key: UnsafeRawBufferPointer) -> Int? {
        let delimiter = delimiterByte.load(ordering: .relaxed)
        for i in 0..<key.count {
            let byte = key[i]
            if byte == delimiter { return i }
            if byte == 0 { return nil }
        }
        return nil
    }

    /// memcached's stats_prefix_find: the entry of `key`'s first `length` bytes, created if new.
    private static func find(_ t: inout Table, _ key: UnsafeRawBufferPointer, _ length: Int)
        -> (bucket: Int, index: Int)?
    {
        let prefix = UnsafeRawBufferPointer(rebasing: key[0..<length])
        let hash: UInt32
        switch t.hash {
        case .murmur3: hash = PrefixStatistics.murmur3(prefix)
        case .jenkins: hash = PrefixStatistics.jenkins(prefix)
        }
        let bucket = Int(hash % UInt32(bucketCount))
        // Newest first; strncmp(stored, key, length) == 0: the stored prefix starts with these bytes.
        var index = t.buckets[bucket].count &- 1
        while index >= 0 {
            let stored = t.buckets[bucket][index].prefix
            if stored.count >= length && stored.withUnsafeBytes({ $0.starts(with: prefix) }) {
                return (bucket, index)
            }
            index &-= 1
        }
        guard t.count < maximumPrefixes else { return nil }
        t.buckets[bucket].append(Entry(prefix: Array(prefix)))
        t.count &+= 1
        return (bucket, t.buckets[bucket].count &- 1)
    }

    /// MurmurHash3_x86_32 with seed 0, as memcached's murmur3_hash.c.
    static func murmur3(_ data: UnsafeRawBufferPointer) -> UInt32 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        var h1: UInt32 = 0
        let length = data.count
        let blocks = length / 4
        for i in 0..<blocks {
            var k1 =
                UInt32(data[i * 4]) | UInt32(data[i * 4 + 1]) << 8 | UInt32(data[i * 4 + 2]) << 16
                | UInt32(data[i * 4 + 3]) << 24
            k1 &*= c1
            k1 = (k1 << 15) | (k1 >> 17)
            k1 &*= c2
            h1 ^= k1
            h1 = (h1 << 13) | (h1 >> 19)
            h1 = h1 &* 5 &+ 0xe654_6b64
        }
        let tail = blocks * 4
        var k1: UInt32 = 0
        let rest = length & 3
        if rest >= 3 { k1 ^= UInt32(data[tail + 2]) << 16 }
        if rest >= 2 { k1 ^= UInt32(data[tail + 1]) << 8 }
        if rest >= 1 {
            k1 ^= UInt32(data[tail])
            k1 &*= c1
            k1 = (k1 << 15) | (k1 >> 17)
            k1 &*= c2
            h1 ^= k1
        }
        h1 ^= UInt32(truncatingIfNeeded: length)
        h1 ^= h1 >> 16
        h1 &*= 0x85eb_ca6b
        h1 ^= h1 >> 13
        h1 &*= 0xc2b2_ae35
        h1 ^= h1 >> 16
        return h1
    }

    /// Bob Jenkins' lookup3 hashlittle with initval 0, as memcached's jenkins_hash.c (byte-wise form; its
    /// word-wise forms give the same value).
    static func jenkins(_ data: UnsafeRawBufferPointer) -> UInt32 {
        var length = data.count
        var a = 0xdead_beef &+ UInt32(truncatingIfNeeded: length)
        var b = a
        var c = a
        var k = 0
        @inline(__always) func byte(_ i: Int) -> UInt32 { UInt32(data[k + i]) }
        while length > 12 {
            a &+= byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24
            b &+= byte(4) | byte(5) << 8 | byte(6) << 16 | byte(7) << 24
            c &+= byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24
            PrefixStatistics.lookup3Mix(&a, &b, &c)
            length -= 12
            k += 12
        }
        if length == 0 { return c }
        if length >= 12 { c &+= byte(11) << 24 }
        if length >= 11 { c &+= byte(10) << 16 }
        if length >= 10 { c &+= byte(9) << 8 }
        if length >= 9 { c &+= byte(8) }
        if length >= 8 { b &+= byte(7) << 24 }
        if length >= 7 { b &+= byte(6) << 16 }
        if length >= 6 { b &+= byte(5) << 8 }
        if length >= 5 { b &+= byte(4) }
        if length >= 4 { a &+= byte(3) << 24 }
        if length >= 3 { a &+= byte(2) << 16 }
        if length >= 2 { a &+= byte(1) << 8 }
        a &+= byte(0)
        PrefixStatistics.lookup3Final(&a, &b, &c)
        return c
    }

    @inline(__always)
    private static func rot(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << k) | (x >> (32 &- k)) }

    /// lookup3's mix().
    @inline(__always)
    private static func lookup3Mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a &-= c
        a ^= rot(c, 4)
        c &+= b
        b &-= a
        b ^= rot(a, 6)
        a &+= c
        c &-= b
        c ^= rot(b, 8)
        b &+= a
        a &-= c
        a ^= rot(c, 16)
        c &+= b
        b &-= a
        b ^= rot(a, 19)
        a &+= c
        c &-= b
        c ^= rot(b, 4)
        b &+= a
    }

    /// lookup3's final().
    @inline(__always)
    private static func lookup3Final(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b
        c &-= rot(b, 14)
        a ^= c
        a &-= rot(c, 11)
        b ^= a
        b &-= rot(a, 25)
        c ^= b
        c &-= rot(b, 16)
        a ^= c
        a &-= rot(c, 4)
        b ^= a
        b &-= rot(a, 14)
        c ^= b
        c &-= rot(b, 24)
    }
}
