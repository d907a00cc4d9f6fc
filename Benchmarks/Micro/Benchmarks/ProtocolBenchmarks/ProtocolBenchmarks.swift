// ProtocolBenchmarks: the MemcacheProtocol module on the request hot path.
//
// Two kinds of benchmarks:
// - `tokenize ...`: only the public `Tokenizer` (plus `ProtocolNumbers` for the numeric fields of `set`) over
//   one request line whose "\r\n" is already stripped: the pure parsing cost.
// - `process ...`: `ProtocolSession.process(_:output:maxRequests:)`, the one call `Connection` makes for a
//   batch of buffered input (find the line, tokenize, dispatch, run the command against the CacheEngine,
//   append the response to the connection's OutputBuffer), followed by `output.consume(_:)` as after a
//   complete send. One request per call: the unpipelined worst case for per-call overhead.
//
// Fixtures (engine, keys, request bytes, session, output buffer) are built in each benchmark's setup
// closure, outside the measured region, and checked once there (the response must be the expected one).
// Each measured iteration handles `scaledIterations` (1,000) requests; the tool divides the columns marked
// `*` by 1,000, so they read per request (`--scale` shows the raw per-iteration values instead).
// The single-key fixtures hit the same item every time: these are CPU costs with the item in cache.
import Benchmark
import CacheEngine
import MemcacheProtocol
import MicroSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything a `process` benchmark touches.
final class SessionFixture: @unchecked Sendable {
    let engine: CacheEngine
    let context: WorkerContext
    let session: ProtocolSession
    let output: OutputBuffer
    let request: ByteBuffer
    let keys: KeySet

    /// A session over an engine preloaded with `keys` (100-byte values), ready to process `request`; with
    /// `latencyHistograms` its worker records per-family latency as the server does by default.
    init(keys: KeySet, latencyHistograms: Bool = false, request: (KeySet) -> [UInt8]) {
        engine = makeEngine(memoryLimit: 64 << 20)
        context = engine.makeWorkerContext()
        self.keys = keys
        preload(engine, keys: keys, value: makeValue(), context: context)
        session = ProtocolSession(
            engine: engine, context: context, settings: ProtocolSettings(), hooks: NoServerHooks(),
            telemetry: WorkerTelemetry(latencyHistograms: latencyHistograms))
        output = OutputBuffer()
        self.request = ByteBuffer(request(keys))
    }

    /// Runs the request once (outside measurement) and checks the whole input was consumed and that the
    /// response is `expected` (or starts with it when `prefixOnly`).
    func check(expected: String, prefixOnly: Bool = false) {
        let step = session.process(request.bytes, output: output, maxRequests: 20)
        precondition(step.consumed == request.count && step.action == .needMoreData, "unexpected step \(step)")
        let response = output.withReadableBytes { String(decoding: $0, as: UTF8.self) }
        output.consume(output.readableBytes)
        if prefixOnly {
            precondition(response.hasPrefix(expected), "unexpected response: \(response.prefix(200))")
        } else {
            precondition(response == expected, "unexpected response: \(response.prefix(200))")
        }
    }
}

/// The measured loop of every `process` benchmark: the session and output-buffer part of
/// Connection.processAndFlush (without the socket calls and the read buffer bookkeeping), one request per
/// call.
@inline(never)
func processLoop(_ benchmark: Benchmark, _ fixture: SessionFixture) {
    let session = fixture.session
    let output = fixture.output
    let input = fixture.request.bytes
    for _ in benchmark.scaledIterations {
        let step = session.process(input, output: output, maxRequests: 20)
        blackHole(step.consumed)
        output.consume(output.readableBytes)
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func keyString(_ keys: KeySet, _ i: Int) -> String { String(decoding: keys.key(i), as: UTF8.self) }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: hotPathMetrics,
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 10_000,
        thresholds: exactMallocs
    )

    // MARK: tokenizing only

    Benchmark("tokenize get 32B key") { (benchmark: Benchmark, line: ByteBuffer) in
        let bytes = line.bytes
        for _ in benchmark.scaledIterations {
            let tokens = Tokenizer(bytes)
            blackHole(tokens.count &+ tokens.length(of: 1))
            blackHole(tokens[0].matches("get"))
        }
    } setup: {
        ByteBuffer(bytes("get " + keyString(KeySet(count: 1), 0)))
    }

    Benchmark("tokenize set 32B key 0 0 100") { (benchmark: Benchmark, line: ByteBuffer) in
        let bytes = line.bytes
        for _ in benchmark.scaledIterations {
            let tokens = Tokenizer(bytes)
            blackHole(tokens[0].matches("set"))
            blackHole(tokens[1].count)
            blackHole(ProtocolNumbers.parseUInt32(tokens[2]))
            blackHole(ProtocolNumbers.parseInt32(tokens[3]))
            blackHole(ProtocolNumbers.parseInt32(tokens[4]))
        }
    } setup: {
        ByteBuffer(bytes("set " + keyString(KeySet(count: 1), 0) + " 0 0 100"))
    }

    Benchmark("tokenize mg 32B key v f t c") { (benchmark: Benchmark, line: ByteBuffer) in
        let bytes = line.bytes
        for _ in benchmark.scaledIterations {
            let tokens = Tokenizer(bytes)
            blackHole(tokens.count)
            blackHole(tokens[0].matches("mg"))
            blackHole(tokens[1].count)
            var flags = 0
            var index = 2
            while index < tokens.count {
                flags |= 1 << (Int(tokens[index][0]) & 63)
                index &+= 1
            }
            blackHole(flags)
        }
    } setup: {
        ByteBuffer(bytes("mg " + keyString(KeySet(count: 1), 0) + " v f t c"))
    }

    // Past 23 tokens the rest of the line is tokenized again, window by window, as `get` does.
    Benchmark("tokenize get 100 keys") { (benchmark: Benchmark, line: ByteBuffer) in
        let bytes = line.bytes
        for _ in benchmark.scaledIterations {
            var tokens = Tokenizer(bytes)
            var keyCount = tokens.count &- 1
            while let next = tokens.remainderOffset {
                tokens = Tokenizer(bytes, from: next)
                keyCount &+= tokens.count
            }
            blackHole(keyCount)
        }
    } setup: {
        let keys = KeySet(count: 100)
        let line = ByteBuffer(bytes("get " + (0..<100).map { keyString(keys, $0) }.joined(separator: " ")))
        // Sanity: the windows together hold the 100 keys.
        var tokens = Tokenizer(line.bytes)
        var keyCount = tokens.count - 1
        while let next = tokens.remainderOffset {
            tokens = Tokenizer(line.bytes, from: next)
            keyCount += tokens.count
        }
        precondition(keyCount == 100, "tokenized \(keyCount) keys")
        return line
    }

    // MARK: ProtocolSession.process (parse + execute + respond)

    Benchmark("process get hit 100B value") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 1)) { bytes("get \(keyString($0, 0))\r\n") }
        fixture.check(
            expected: "VALUE \(keyString(fixture.keys, 0)) 0 100\r\n" + String(repeating: "v", count: 100)
                + "\r\nEND\r\n")
        return fixture
    }

    Benchmark("process get miss") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 1)) { _ in
            bytes("get \(keyString(KeySet(count: 1, offset: 1_000_000), 0))\r\n")
        }
        fixture.check(expected: "END\r\n")
        return fixture
    }

    Benchmark("process set 100B overwrite") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 1)) {
            bytes("set \(keyString($0, 0)) 0 0 100\r\n" + String(repeating: "w", count: 100) + "\r\n")
        }
        fixture.check(expected: "STORED\r\n")
        return fixture
    }

    // The same two requests with the latency histograms on (the server's default; the ones above run with
    // them off): the difference is what recording costs per request (two CLOCK_MONOTONIC reads, two
    // counters).
    Benchmark("process get hit 100B value latency on") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 1), latencyHistograms: true) {
            bytes("get \(keyString($0, 0))\r\n")
        }
        fixture.check(
            expected: "VALUE \(keyString(fixture.keys, 0)) 0 100\r\n" + String(repeating: "v", count: 100)
                + "\r\nEND\r\n")
        return fixture
    }

    Benchmark("process set 100B overwrite latency on") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 1), latencyHistograms: true) {
            bytes("set \(keyString($0, 0)) 0 0 100\r\n" + String(repeating: "w", count: 100) + "\r\n")
        }
        fixture.check(expected: "STORED\r\n")
        return fixture
    }

    Benchmark("process mg v f t c hit") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 1)) { bytes("mg \(keyString($0, 0)) v f t c\r\n") }
        fixture.check(expected: "VA 100 f0 t-1 c", prefixOnly: true)
        return fixture
    }

    Benchmark("process get 100 keys all hit") { (benchmark: Benchmark, fixture: SessionFixture) in
        processLoop(benchmark, fixture)
    } setup: {
        let fixture = SessionFixture(keys: KeySet(count: 100)) { keys in
            bytes("get " + (0..<100).map { keyString(keys, $0) }.joined(separator: " ") + "\r\n")
        }
        var expected = ""
        for i in 0..<100 {
            expected += "VALUE \(keyString(fixture.keys, i)) 0 100\r\n" + String(repeating: "v", count: 100) + "\r\n"
        }
        fixture.check(expected: expected + "END\r\n")
        return fixture
    }

    // MARK: response writing alone

    // The server writes a hit with the internal `OutputBuffer.appendValueReply` (one capacity check); that
    // method is not public, so this composes the same bytes with the public appenders instead. It shows
    // that OutputBuffer's public append path does not allocate once warm; the server's own VALUE writing is
    // measured inside "process get hit 100B value".
    Benchmark("append VALUE reply 100B public appenders") { (benchmark: Benchmark, fixture: SessionFixture) in
        let output = fixture.output
        let key = fixture.keys.key(0)
        let value = fixture.request.bytes
        for _ in benchmark.scaledIterations {
            output.append("VALUE ")
            output.append(key)
            output.append(byte: 0x20)
            output.appendDecimal(UInt32(0))
            output.append(byte: 0x20)
            output.appendDecimal(value.count)
            output.append("\r\n")
            output.append(value)
            output.append("\r\n")
            blackHole(output.readableBytes)
            output.consume(output.readableBytes)
        }
    } setup: {
        // `request` holds the 100-byte value here; the engine is unused.
        SessionFixture(keys: KeySet(count: 1)) { _ in [UInt8](repeating: UInt8(ascii: "v"), count: valueLength) }
    }

    // Positive control: proves the malloc counter is live in this process (exactly one malloc per operation).
    // Its static threshold is 1,000 per measured iteration, so `thresholds check` also fails (as an
    // "improvement") if the interposer ever stops counting and every other benchmark reads 0 for that reason.
    Benchmark("control one malloc per op") { benchmark in
        for _ in benchmark.scaledIterations {
            let block = malloc(64)
            blackHole(block)
            free(block)
        }
    }
}
