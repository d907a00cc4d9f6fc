// MetaTestSupport: a bytes-in/bytes-out client around ProtocolSession for the meta command tests, a fake
// ServerHooks, and helpers to compare transcripts whose CAS numbers differ from memcached's.

import CacheEngine
import Testing

@testable import MemcacheProtocol

/// ServerHooks that the meta tests never exercise beyond construction.
final class MetaTestHooks: ServerHooks {
    func serverStats() -> [(String, String)] { [] }
    func settingsStats() -> [(String, String)] { [] }
    func connectionStats() -> [(String, String)] { [] }
    func setVerbosity(_ level: Int) {}
    func requestShutdown(graceful: Bool) -> Bool { false }
    func resetServerStats() {}
}

/// A cache engine with a manual clock, shared by the clients of one test.
final class MetaTestServer: @unchecked Sendable {
    let clock: EngineClock
    let engine: CacheEngine
    let settings: ProtocolSettings

    init(itemSizeMax: Int = 1 << 20, memoryLimit: Int = 64 << 20) throws {
        clock = EngineClock(manualStart: 1_700_000_000)
        var configuration = EngineConfiguration()
        configuration.itemSizeMax = itemSizeMax
        configuration.memoryLimit = memoryLimit
        engine = try CacheEngine(configuration: configuration, clock: clock)
        self.settings = ProtocolSettings()
    }

    /// A new connection (its own session, output buffer and worker context).
    func connect() -> MetaTestClient {
        MetaTestClient(server: self)
    }
}

/// One connection: feeds request bytes to its session and returns what the session answered.
final class MetaTestClient: @unchecked Sendable {
    let session: ProtocolSession
    let output = OutputBuffer()
    /// Input not consumed yet by the session (an incomplete request).
    private(set) var pending: [UInt8] = []
    private(set) var closed = false

    init(server: MetaTestServer) {
        session = ProtocolSession(
            engine: server.engine, context: server.engine.makeWorkerContext(), settings: server.settings,
            hooks: MetaTestHooks())
    }

    /// Sends `bytes` and returns the bytes answered to them (and to earlier pending input).
    func send(bytes: [UInt8]) -> [UInt8] {
        pending.append(contentsOf: bytes)
        while !pending.isEmpty && !closed {
            let step = pending.withUnsafeBytes { session.process($0, output: output, maxRequests: 1_000) }
            pending.removeFirst(step.consumed)
            if step.action == .close { closed = true }
            if step.action != .yield { break }
        }
        return drain()
    }

    /// Sends `text` (UTF-8) and returns the answer as text.
    @discardableResult
    func send(_ text: String) -> String {
        String(decoding: send(bytes: Array(text.utf8)), as: UTF8.self)
    }

    /// Takes everything the session has written.
    func drain() -> [UInt8] {
        let bytes = output.withReadableBytes { Array($0) }
        output.consume(bytes.count)
        return bytes
    }
}

/// Rewrites CAS numbers to their first-seen order: the first distinct CAS becomes 1, the next 2, and so on.
/// CAS numbers are the ` c<n>` tokens and `cas=<n>` of meta replies and the fifth field of a `VALUE` line.
/// memcached's captured transcripts start at 1 too, so a normalised run compares equal to a fresh memcached's
/// whatever numbers the engine hands out. `c0` (nothing stored) stays 0.
struct CASNormaliser {
    private(set) var orderOf: [UInt64: Int] = [:]
    private(set) var valueOf: [Int: UInt64] = [:]

    private mutating func order(of value: UInt64) -> Int {
        if let known = orderOf[value] { return known }
        let next = orderOf.count + 1
        orderOf[value] = next
        valueOf[next] = value
        return next
    }

    /// The reply with every CAS replaced by its order. (Lines are split on "\r\n", which Swift sees as one
    /// Character.)
    mutating func normalise(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            var fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "VALUE" && fields.count == 5, let value = UInt64(fields[4]) {
                fields[4] = String(order(of: value))
            }
            for index in fields.indices.dropFirst() {
                for prefix in ["c", "cas="] where fields[index].hasPrefix(prefix) {
                    if let value = UInt64(fields[index].dropFirst(prefix.count)), value != 0 {
                        fields[index] = prefix + String(order(of: value))
                    }
                }
            }
            lines.append(fields.joined(separator: " "))
        }
        return lines.joined(separator: "\r\n")
    }

    /// Rewrites a request written with `reference`'s CAS numbers (` C<n>`, the CAS field of a classic
    /// `cas`) into this side's numbers. Numbers `reference` never handed out are left alone.
    func translate(_ request: String, from reference: CASNormaliser) -> String {
        func mapped(_ text: Substring) -> String? {
            guard let value = UInt64(text), let order = reference.orderOf[value], let ours = valueOf[order]
            else { return nil }
            return String(ours)
        }
        var lines: [String] = []
        for line in request.split(separator: "\r\n", omittingEmptySubsequences: false) {
            var fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "cas" && fields.count >= 6, let ours = mapped(fields[5][...]) {
                fields[5] = ours
            }
            if let command = fields.first, command.count == 2, command.hasPrefix("m") {
                for index in fields.indices.dropFirst(2) where fields[index].hasPrefix("C") {
                    if let ours = mapped(fields[index].dropFirst()) { fields[index] = "C" + ours }
                }
            }
            lines.append(fields.joined(separator: " "))
        }
        return lines.joined(separator: "\r\n")
    }
}
