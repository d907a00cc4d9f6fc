// What one load generator run sends: the workload parameters (mix, sizes, depth), the table of keys
// (built once, shared read-only by every worker thread), the value bytes, and the pre-encoded fragments
// that requests are assembled from with plain memcpy.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Parameters of the traffic one run generates. Immutable once the run starts.
struct WorkloadConfig: Sendable {
    /// Number of distinct keys; keys are `key:` followed by a zero-padded decimal index.
    var keyCount: Int
    /// Length of every key in bytes (at least `key:` plus the digits of the largest index).
    var keySize: Int
    /// Length of every stored value in bytes.
    var valueSize: Int
    /// Fraction of requests that are gets (the rest are sets), 0...1.
    var getRatio: Double
    /// Keys per get request: 1 is a plain `get k`, N > 1 is `get k1 ... kN`.
    var multigetSize: Int
    /// Requests kept in flight per connection during the measured phase.
    var pipelineDepth: Int
    /// Requests kept in flight per connection while preloading.
    var preloadDepth: Int
    /// Count a get hit whose value length differs from `valueSize` as an error.
    var checkValueSize: Bool

    /// Largest number of requests a connection ever has in flight.
    var maxDepth: Int { max(pipelineDepth, preloadDepth) }

    /// Threshold on a uniformly random UInt64 under which a request is a get.
    var getThreshold: UInt64 {
        if getRatio >= 1 { return UInt64.max }
        if getRatio <= 0 { return 0 }
        return UInt64(getRatio * 18_446_744_073_709_551_615.0)
    }
}

/// All keys of the key space laid out back to back, `keySize` bytes each, plus one value buffer and
/// the fixed parts of a set request. Read-only after init, hence safe to share between threads.
final class KeyTable: @unchecked Sendable {
    let keyCount: Int
    let keySize: Int
    let keys: UnsafeMutableRawPointer
    let value: UnsafeMutableRawPointer
    let valueSize: Int
    /// " 0 0 <valueSize>\r\n": what follows the key in a set request line.
    let setSuffix: [UInt8]

    /// The smallest key size able to hold `keyCount` distinct keys.
    static func minimumKeySize(keyCount: Int) -> Int {
        4 + String(max(keyCount - 1, 0)).utf8.count
    }

    init(keyCount: Int, keySize: Int, valueSize: Int) {
        precondition(keySize >= KeyTable.minimumKeySize(keyCount: keyCount) && keySize <= 250)
        self.keyCount = keyCount
        self.keySize = keySize
        self.valueSize = valueSize
        keys = UnsafeMutableRawPointer.allocate(byteCount: max(keyCount * keySize, 1), alignment: 8)
        let prefix: [UInt8] = Array("key:".utf8)
        for index in 0..<keyCount {
            let key = keys + index * keySize
            for (i, byte) in prefix.enumerated() { key.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
            // Zero-padded decimal index, written right to left.
            var n = index
            var position = keySize - 1
            while position >= prefix.count {
                key.storeBytes(of: UInt8(ascii: "0") + UInt8(n % 10), toByteOffset: position, as: UInt8.self)
                n /= 10
                position -= 1
            }
        }
        value = UnsafeMutableRawPointer.allocate(byteCount: max(valueSize, 1), alignment: 8)
        for i in 0..<valueSize {
            value.storeBytes(of: UInt8(ascii: "a") + UInt8(i % 26), toByteOffset: i, as: UInt8.self)
        }
        setSuffix = Array(" 0 0 \(valueSize)\r\n".utf8)
    }

    deinit {
        keys.deallocate()
        value.deallocate()
    }

    @inline(__always)
    func key(_ index: Int) -> UnsafeRawPointer {
        UnsafeRawPointer(keys + index * keySize)
    }

    /// Bytes of the largest request the workload can produce (a set or a multiget).
    func maxRequestSize(multigetSize: Int) -> Int {
        let set = 4 + keySize + setSuffix.count + valueSize + 2
        let get = 3 + multigetSize * (keySize + 1) + 2
        return max(set, get)
    }
}

/// xorshift64* generator: tiny, fast, good enough to pick keys and request kinds.
struct FastRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform integer in 0..<bound (bound < 2^32), by multiply-shift rather than modulo.
    @inline(__always)
    mutating func next(below bound: Int) -> Int {
        Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }
}
