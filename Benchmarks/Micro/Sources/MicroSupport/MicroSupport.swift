// MicroSupport: fixtures shared by the microbenchmark suites. Everything here runs in benchmark setup
// (outside the measured region) except the @inlinable accessors used inside the measured loops, which
// only do pointer arithmetic.
import Benchmark
import CacheEngine
import MemcacheProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The metrics every benchmark reports.
public var hotPathMetrics: [BenchmarkMetric] { [.wallClock, .throughput, .mallocCountTotal] }

/// No tolerance on mallocCountTotal: `swift package benchmark thresholds check` compares the run's p90 (raw
/// count per measured iteration of 1,000 operations) with the static value in
/// Thresholds/<target>.<benchmark>.p90.json, which is 0 for every hot-path benchmark (1,000 for the control).
public var exactMallocs: [BenchmarkMetric: BenchmarkThresholds] { [.mallocCountTotal: .init(absolute: [.p90: 0])] }

/// Key length used everywhere (as in the load benchmarks' 32-byte-key runs).
public let keyLength = 32
/// Value length used everywhere.
public let valueLength = 100

/// `count` distinct fixed-width keys in one flat malloc'd buffer: "key:" + the decimal index
/// (`offset + i`), zero-padded to `keyLength` bytes. Never freed (lives for the benchmark process).
public final class KeySet: @unchecked Sendable {
    public let base: UnsafeMutableRawPointer
    public let count: Int

    public init(count: Int, offset: Int = 0) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * keyLength, alignment: 8)
        for i in 0..<count {
            writeKey(index: offset + i, to: base + i * keyLength)
        }
    }

    /// Key `i` (0 ..< count).
    @inlinable
    public func key(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + i &* keyLength, count: keyLength)
    }
}

/// Writes "key:" + `index` zero-padded to `keyLength` bytes at `destination`. No allocation, so it may
/// also be used inside a measured loop (set of new keys).
@inlinable
public func writeKey(index: Int, to destination: UnsafeMutableRawPointer) {
    destination.storeBytes(of: UInt8(ascii: "k"), toByteOffset: 0, as: UInt8.self)
    destination.storeBytes(of: UInt8(ascii: "e"), toByteOffset: 1, as: UInt8.self)
    destination.storeBytes(of: UInt8(ascii: "y"), toByteOffset: 2, as: UInt8.self)
    destination.storeBytes(of: UInt8(ascii: ":"), toByteOffset: 3, as: UInt8.self)
    var rest = UInt64(index)
    var position = keyLength - 1
    while position >= 4 {
        let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
        destination.storeBytes(of: UInt8(truncatingIfNeeded: digit) &+ 48, toByteOffset: position, as: UInt8.self)
        rest = quotient
        position -= 1
    }
}

/// Visits indexes 0 ..< n in a scattered order (multiplicative stride, coprime with the key counts used
/// here) so consecutive lookups do not touch neighbouring items.
@inlinable
public func scattered(_ i: Int, _ n: Int) -> Int { (i &* 7_919) % n }

/// A malloc'd byte buffer built once in setup; `bytes` is what the measured code reads.
public final class ByteBuffer: @unchecked Sendable {
    public let bytes: UnsafeRawBufferPointer

    public init(_ content: [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(content.count, 1), alignment: 8)
        storage.copyBytes(from: content)
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<content.count])
    }

    public var count: Int { bytes.count }
}

/// The 100-byte value stored by every benchmark.
public func makeValue() -> ByteBuffer {
    ByteBuffer([UInt8](repeating: UInt8(ascii: "v"), count: valueLength))
}

/// An engine with the server's default tunables except the memory limit and initial hash power, using a
/// real (coarse, untick'd) clock and no maintenance thread, so nothing runs beside the measured thread.
public func makeEngine(memoryLimit: Int = 1 << 30, hashPowerInitial: Int = 16) -> CacheEngine {
    var configuration = EngineConfiguration()
    configuration.memoryLimit = memoryLimit
    configuration.hashPowerInitial = hashPowerInitial
    do {
        return try CacheEngine(configuration: configuration, clock: EngineClock())
    } catch {
        fatalError("CacheEngine: \(error)")
    }
}

/// Stores `value` under every key of `keys`; traps unless every store succeeds.
public func preload(_ engine: CacheEngine, keys: KeySet, value: ByteBuffer, context: WorkerContext) {
    for i in 0..<keys.count {
        let outcome = engine.store(StoreRequest(mode: .set, key: keys.key(i), value: value.bytes), context: context)
        precondition(outcome.result == .stored, "preload failed at key \(i): \(outcome)")
    }
}

/// ServerHooks for sessions that never run stats/admin commands (the benchmarks only send get, set, mg).
public final class NoServerHooks: ServerHooks, @unchecked Sendable {
    public init() {}
    public func serverStats() -> [(String, String)] { [] }
    public func settingsStats() -> [(String, String)] { [] }
    public func connectionStats() -> [(String, String)] { [] }
    public func setVerbosity(_ level: Int) {}
    public func requestShutdown(graceful: Bool) -> Bool { false }
    public func resetServerStats() {}
}
