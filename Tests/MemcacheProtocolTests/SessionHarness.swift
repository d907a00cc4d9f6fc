// Test harness: drives a ProtocolSession with bytes, the way a connection does, and collects the bytes it
// answers. Uses a real CacheEngine with a manual clock and a fake ServerHooks that records what it was asked.

import CacheEngine
import Testing

@testable import MemcacheProtocol

/// Records the server-side calls a session makes and serves canned stats lines.
final class FakeServerHooks: ServerHooks, @unchecked Sendable {
    var verbosityLevels: [Int] = []
    var shutdownRequests: [Bool] = []
    var shutdownAllowed = false
    var resetCount = 0
    var serverLines: [(String, String)] = [
        ("pid", "4242"), ("uptime", "10"), ("time", "1700000010"), ("version", "1.6.18"),
        ("libevent", "2.1.12-stable"), ("pointer_size", "64"), ("rusage_user", "0.010000"),
        ("rusage_system", "0.020000"), ("max_connections", "1024"), ("curr_connections", "2"),
        ("total_connections", "3"), ("rejected_connections", "0"), ("connection_structures", "3"),
        ("bytes_read", "100"), ("bytes_written", "200"), ("accepting_conns", "1"),
        ("listen_disabled_num", "0"), ("threads", "4"), ("conn_yields", "0"),
    ]

    func serverStats() -> [(String, String)] { serverLines }
    func settingsStats() -> [(String, String)] { [("maxbytes", "67108864"), ("maxconns", "1024")] }
    func connectionStats() -> [(String, String)] { [("5:addr", "tcp:127.0.0.1:40000"), ("5:state", "conn_parse_cmd")] }
    func setVerbosity(_ level: Int) { verbosityLevels.append(level) }
    func requestShutdown(graceful: Bool) -> Bool {
        shutdownRequests.append(graceful)
        return shutdownAllowed
    }
    func resetServerStats() { resetCount += 1 }

    var admin = AdminState()
    func adminState() -> AdminState { admin }

    /// What `stats hotkeys` is answered from (nil: hot keys off).
    var hotKeys: [HotKey]? = nil
    func hotKeyReport(limit: Int) -> [HotKey]? { hotKeys.map { Array($0.prefix(limit)) } }
    /// The recorders `stats latency` sums (nil: latency histograms off, the protocol's default answer).
    var latencyRecorders: [LatencyHistograms]? = nil
    func latencyStatistics() -> LatencySnapshot? { latencyRecorders.map { LatencySnapshot(summing: $0) } }

    var reloadProblem: String? = nil
    var reloads = 0
    func reloadCredentials() -> String? {
        reloads += 1
        return reloadProblem
    }
}

/// One simulated connection: unconsumed input is kept between feeds, like a connection's read buffer.
final class SessionHarness {
    static let startTime = 1_700_000_000

    let clock: EngineClock
    let engine: CacheEngine
    let hooks: FakeServerHooks
    let session: ProtocolSession
    let output = OutputBuffer(initialCapacity: 64)
    var pending: [UInt8] = []
    var closed = false
    /// The streams of an accepted `watch` (the connection then belongs to the logger: `closed` is set).
    var watching: WatchStreams? = nil
    var yields = 0
    /// Times a streaming reply (a metadump) asked to be continued after a write.
    var streamedBatches = 0
    let maxRequests: Int

    init(
        settings: ProtocolSettings = ProtocolSettings(), configuration: EngineConfiguration = EngineConfiguration(),
        maxRequests: Int = 20, hooks: FakeServerHooks = FakeServerHooks(),
        telemetry: WorkerTelemetry = WorkerTelemetry()
    ) throws {
        clock = EngineClock(manualStart: SessionHarness.startTime)
        engine = try CacheEngine(configuration: configuration, clock: clock)
        self.hooks = hooks
        self.maxRequests = maxRequests
        session = ProtocolSession(
            engine: engine, context: engine.makeWorkerContext(), settings: settings, hooks: hooks,
            telemetry: telemetry)
    }

    /// A second connection to the same engine.
    func secondConnection() -> ProtocolSession {
        ProtocolSession(engine: engine, context: engine.makeWorkerContext(), settings: ProtocolSettings(), hooks: hooks)
    }

    /// Feeds `bytes` and returns everything the session answered, processing until it needs more input.
    @discardableResult
    func feed(_ bytes: [UInt8]) -> [UInt8] {
        precondition(!closed, "feeding a closed connection")
        pending.append(contentsOf: bytes)
        while !closed {
            let step = pending.withUnsafeBytes { session.process($0, output: output, maxRequests: maxRequests) }
            #expect(step.consumed >= 0 && step.consumed <= pending.count)
            pending.removeFirst(step.consumed)
            switch step.action {
            case .needMoreData:
                return drain()
            case .yield:
                yields += 1
            case .continueAfterWrite:
                streamedBatches += 1
            case .close:
                closed = true
            case .watch(let streams):
                watching = streams
                closed = true
            }
        }
        return drain()
    }

    /// Feeds a string (written with \r\n escapes) and returns the answer as a string.
    @discardableResult
    func send(_ text: String) -> String {
        String(decoding: feed(Array(text.utf8)), as: UTF8.self)
    }

    private func drain() -> [UInt8] {
        let bytes = output.withReadableBytes { Array($0) }
        output.consume(bytes.count)
        return bytes
    }
}

/// Bytes of a string literal.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The CAS field of the first VALUE line of a `gets`/`gats` reply ("" if there is none).
func casField(ofGetsReply reply: String) -> String {
    let firstLine = reply.utf8.split(separator: 0x0D, maxSplits: 1).first.map { Array($0) } ?? []
    let fields = firstLine.split(separator: 0x20)
    return fields.count == 5 ? String(decoding: fields[4], as: UTF8.self) : ""
}
