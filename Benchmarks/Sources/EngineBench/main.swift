// EngineBench: CacheEngine microbenchmark. Reports ns/op for set, get-hit and get-miss (32-byte keys,
// 100-byte values) with 1 and 2 threads, and resident memory per item for N items (VmRSS before/after).
// Usage: swift run -c release EngineBench [items]   (default 1,000,000)
import CacheEngine
import Glibc

func nanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// VmRSS of this process in bytes, from /proc/self/status.
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let bytes = line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            let digits = text.filter { $0.isNumber }
            return (Int(digits) ?? 0) * 1024
        }
    }
    return 0
}

let itemCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let keyLength = 32
let valueLength = 100

/// `count` distinct fixed-width keys in one flat buffer ("key:" + zero-padded decimal).
func makeKeys(_ count: Int, offset: Int) -> UnsafeMutableRawBufferPointer {
    let keys = UnsafeMutableRawBufferPointer.allocate(byteCount: count * keyLength, alignment: 8)
    for i in 0..<count {
        let base = keys.baseAddress! + i * keyLength
        var digits = Array(String(i + offset).utf8)
        digits = [UInt8](repeating: UInt8(ascii: "0"), count: keyLength - 4 - digits.count) + digits
        base.copyMemory(from: Array("key:".utf8), byteCount: 4)
        (base + 4).copyMemory(from: digits, byteCount: digits.count)
    }
    return keys
}

@inline(__always) func key(_ keys: UnsafeMutableRawBufferPointer, _ i: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: keys.baseAddress! + i * keyLength, count: keyLength)
}

final class Job: @unchecked Sendable {
    let body: (Int) -> Void
    let index: Int
    init(_ body: @escaping (Int) -> Void, _ index: Int) {
        self.body = body
        self.index = index
    }
}

/// Runs body(thread) on `threads` pthreads; returns elapsed nanoseconds.
func timed(threads: Int, _ body: @escaping (Int) -> Void) -> UInt64 {
    let start = nanoseconds()
    var handles: [pthread_t] = []
    for t in 0..<threads {
        var handle = pthread_t()
        let job = Unmanaged.passRetained(Job(body, t)).toOpaque()
        pthread_create(
            &handle, nil,
            { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                job.body(job.index)
                return nil
            }, job)
        handles.append(handle)
    }
    for handle in handles { pthread_join(handle, nil) }
    return nanoseconds() - start
}

func report(_ name: String, threads: Int, operations: Int, nanos: UInt64) {
    let perOp = Double(nanos) / Double(operations) * Double(threads)
    let mops = Double(operations) / (Double(nanos) / 1e9) / 1e6
    print(
        "\(name) threads=\(threads): \(String(Int(perOp))) ns/op per thread, \(String(Int(mops * 100) / 100)) Mops/s total"
    )
}

let keys = makeKeys(itemCount, offset: 0)
let missingKeys = makeKeys(itemCount, offset: itemCount)
let value = UnsafeMutableRawBufferPointer.allocate(byteCount: valueLength, alignment: 8)
value.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "v"))
let valueView = UnsafeRawBufferPointer(value)

// Memory per item: RSS before the engine exists and after N sets (the keys are already resident).
let rssBefore = residentBytes()
var configuration = EngineConfiguration()
configuration.memoryLimit = 1 << 30
let engine = try! CacheEngine(configuration: configuration, clock: EngineClock())
let contexts = [engine.makeWorkerContext(), engine.makeWorkerContext()]

let setNanos = timed(threads: 1) { _ in
    for i in 0..<itemCount {
        _ = engine.store(StoreRequest(mode: .set, key: key(keys, i), value: valueView), context: contexts[0])
    }
}
let rssAfter = residentBytes()
report("set (new keys)", threads: 1, operations: itemCount, nanos: setNanos)
let stats = engine.statsSnapshot()
print(
    "items=\(stats.currItems) rss_before=\(rssBefore) rss_after=\(rssAfter) "
        + "rss_per_item=\(String(Double(rssAfter - rssBefore) / Double(itemCount))) "
        + "slab_bytes_per_item=\(String(Double(stats.totalMalloced) / Double(itemCount))) hash_bytes=\(stats.hashBytes)"
)

/// Visits keys in a scattered order (a multiplicative stride) so hits are not cache-friendly sequences.
@inline(__always) func scattered(_ i: Int, _ n: Int) -> Int { (i &* 7_919) % n }

for threads in [1, 2] {
    let perThread = itemCount
    let nanos = timed(threads: threads) { t in
        var sink = 0
        for i in 0..<perThread {
            sink &+=
                engine.get(key(keys, scattered(i + t * 13, itemCount)), touch: nil, context: contexts[t]) {
                    $0.value.count
                } ?? 0
        }
        precondition(sink == perThread * valueLength)
    }
    report("get-hit", threads: threads, operations: perThread * threads, nanos: nanos)
}
// Hot set: the same 10,000 keys over and over (fits in cache): the CPU cost of a hit without DRAM misses.
for threads in [1, 2] {
    let perThread = itemCount
    let hot = min(10_000, itemCount)
    let nanos = timed(threads: threads) { t in
        var sink = 0
        for i in 0..<perThread {
            sink &+=
                engine.get(key(keys, scattered(i + t * 13, hot)), touch: nil, context: contexts[t]) {
                    $0.value.count
                } ?? 0
        }
        precondition(sink == perThread * valueLength)
    }
    report("get-hit (hot 10k keys)", threads: threads, operations: perThread * threads, nanos: nanos)
}
for threads in [1, 2] {
    let perThread = itemCount
    let nanos = timed(threads: threads) { t in
        var misses = 0
        for i in 0..<perThread {
            if engine.get(
                key(missingKeys, scattered(i + t * 13, itemCount)), touch: nil, context: contexts[t], { $0.value.count }
            ) == nil {
                misses += 1
            }
        }
        precondition(misses == perThread)
    }
    report("get-miss", threads: threads, operations: perThread * threads, nanos: nanos)
}
for threads in [1, 2] {
    let perThread = itemCount
    let nanos = timed(threads: threads) { t in
        for i in 0..<perThread {
            _ = engine.store(
                StoreRequest(mode: .set, key: key(keys, scattered(i + t * 13, itemCount)), value: valueView),
                context: contexts[t])
        }
    }
    report("set (overwrite)", threads: threads, operations: perThread * threads, nanos: nanos)
}
