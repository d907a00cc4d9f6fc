// SessionFuzzer: the libFuzzer entry point that drives `ProtocolSession` with arbitrary bytes.
//
// Why: the session parses whatever a network peer sends, so every byte sequence, cut into reads at every
// possible point, must leave the process alive, the replies well formed and the engine sound. The input's
// first 8 bytes choose the engine's shape (page size, memory, item size limit, CAS, LRU mode, evictions),
// the session count and request cap, and seed the generator that cuts the rest of the input (the request
// stream) into reads and hands each read to one of up to three sessions sharing one engine, sometimes
// moving the engine's manual clock forward between reads. A session that closes is replaced by a new one
// on the same engine, so state carries over. After every read the harness checks:
// - `process` consumed no more than it was given, and a yield always made progress;
// - what the session left unconsumed is bounded: an incomplete line stays within the line limits (the
//   multi-get limit only for a line starting with `get `/`gets `), a complete line waits for at most
//   the item size limit plus CRLF of data;
// - every reply drained is a sequence of whole CRLF-terminated lines starting with a known reply word,
//   `VALUE`/`VA` lines followed by exactly their data block and CRLF.
// At the end all sessions are closed and `verifyInvariants()` must report nothing.
//
// Build and run with `Fuzz/run-fuzz` (libFuzzer, AddressSanitizer). Set SESSION_FUZZER_TRACE=1 to print
// the reads an input produces (to turn a crash input into a regression test).

import CFuzzerDriver

@testable import CacheEngine
@testable import MemcacheProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The program: libFuzzer's driver, with its usual command line (`-runs=`, `-max_total_time=`, corpus
/// directories, or input files to replay).
@main
enum SessionFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

/// libFuzzer calls this once per input. Returns 0 (the input may be added to the corpus).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)
    FuzzRun(input: bytes).run()
    return 0
}

/// Writes one line to standard error.
func log(_ line: String) {
    let text = Array((line + "\n").utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Aborts the run with a message libFuzzer shows next to the crash.
func fail(_ message: String) -> Never {
    log("SessionFuzzer invariant violated: \(message)")
    abort()
}

/// Deterministic pseudo-random numbers (SplitMix64), so every input replays the same way.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The server side a session reaches through: canned stats lines, nothing else.
final class FuzzServerHooks: ServerHooks, @unchecked Sendable {
    let shutdownAllowed: Bool
    init(shutdownAllowed: Bool) { self.shutdownAllowed = shutdownAllowed }
    func serverStats() -> [(String, String)] { [("pid", "1"), ("uptime", "10"), ("curr_connections", "2")] }
    func settingsStats() -> [(String, String)] { [("maxbytes", "67108864"), ("maxconns", "1024")] }
    func connectionStats() -> [(String, String)] { [("5:addr", "tcp:127.0.0.1:40000")] }
    func setVerbosity(_ level: Int) {}
    func requestShutdown(graceful: Bool) -> Bool { shutdownAllowed }
    func resetServerStats() {}
}

/// One simulated connection: its session, output buffer and unconsumed input.
final class FuzzConnection {
    let session: ProtocolSession
    let output = OutputBuffer(initialCapacity: 64)
    var pending: [UInt8] = []

    init(engine: CacheEngine, settings: ProtocolSettings, hooks: FuzzServerHooks) {
        session = ProtocolSession(
            engine: engine, context: engine.makeWorkerContext(), settings: settings, hooks: hooks)
    }
}

/// One fuzz input, decoded and replayed.
struct FuzzRun {
    static let headerSize = 8
    static let trace = getenv("SESSION_FUZZER_TRACE") != nil

    let header: [UInt8]
    let stream: UnsafeBufferPointer<UInt8>

    init(input: UnsafeBufferPointer<UInt8>) {
        var header = Array(input.prefix(FuzzRun.headerSize))
        while header.count < FuzzRun.headerSize { header.append(0) }
        self.header = header
        stream =
            input.count > FuzzRun.headerSize
            ? UnsafeBufferPointer(rebasing: input[FuzzRun.headerSize...]) : .init(start: nil, count: 0)
    }

    func run() {
        let b0 = header[0]
        let b1 = header[1]
        let sessionCount = 1 + Int(b0 & 3) % 3
        let maxRequests = [20, 1, 2, 3, 5, 20, 100, 4][Int(b0 >> 5)]
        var configuration = EngineConfiguration()
        configuration.casEnabled = b0 & 4 == 0
        if b0 & 8 != 0 {
            configuration.lruSegmented = false
            configuration.lruMaintainer = false
        }
        configuration.evictionsEnabled = b0 & 16 == 0
        configuration.slabPageSize = [4096, 16384, 65536, 16384][Int(b1 >> 2) & 3]
        configuration.itemSizeMax = [1024, 4096, 20000, 100_000][Int(b1 & 3)]
        configuration.memoryLimit = configuration.slabPageSize * (2 + Int(b1 >> 4))
        configuration.hashPowerInitial = 4
        var settings = ProtocolSettings()
        settings.maxMultiGetLineLength = 16 * 1024
        settings.shutdownEnabled = header[2] & 1 != 0
        let seed = header[2...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var random = SplitMix64(state: seed)

        let clock = EngineClock(manualStart: 1_700_000_000)
        let engine: CacheEngine
        do {
            engine = try CacheEngine(configuration: configuration, clock: clock)
        } catch {
            fail("engine refused a configuration the fuzzer chose: \(error)")
        }
        let hooks = FuzzServerHooks(shutdownAllowed: settings.shutdownEnabled)
        var connections = (0..<sessionCount).map { _ in
            FuzzConnection(engine: engine, settings: settings, hooks: hooks)
        }
        let limits = Limits(settings: settings, itemSizeMax: configuration.itemSizeMax)
        if FuzzRun.trace {
            log("config: sessions=\(sessionCount) maxRequests=\(maxRequests) \(configuration) \(settings)")
        }

        var offset = 0
        while offset < stream.count {
            let r = random.next()
            let remaining = stream.count - offset
            let length: Int
            switch r & 3 {
            case 0: length = 1 + Int((r >> 8) % 4)
            case 1: length = 1 + Int((r >> 8) % 32)
            case 2: length = 1 + Int((r >> 8) % 512)
            default: length = remaining
            }
            let chunk = UnsafeBufferPointer(rebasing: stream[offset..<offset + min(length, remaining)])
            offset += chunk.count
            let which = Int((r >> 32) % UInt64(sessionCount))
            if (r >> 40) & 15 == 0 {
                let seconds = UInt32((r >> 44) % 100)
                clock.advance(by: seconds)
                if FuzzRun.trace { log("clock +\(seconds)") }
            }
            if FuzzRun.trace { log("session \(which) <- \(escaped(chunk))") }
            let closed = feed(connections[which], chunk, maxRequests: maxRequests, limits: limits)
            if closed {
                if FuzzRun.trace { log("session \(which) closed; reconnecting") }
                connections[which] = FuzzConnection(engine: engine, settings: settings, hooks: hooks)
            }
        }
        connections.removeAll()
        engine.stopMaintenance()
        let problems = engine.verifyInvariants()
        if !problems.isEmpty { fail("engine invariants: \(problems)") }
    }

    /// The bounds of what a session may leave unconsumed.
    struct Limits {
        let maxLine: Int
        let maxMultiGetLine: Int
        let maxDataWait: Int

        init(settings: ProtocolSettings, itemSizeMax: Int) {
            maxLine = settings.maxLineLength
            maxMultiGetLine = settings.maxMultiGetLineLength
            maxDataWait = itemSizeMax + 2
        }
    }

    /// Appends `chunk` to the connection's input and processes until the session needs more bytes.
    /// Returns true when the session asked to close.
    func feed(_ connection: FuzzConnection, _ chunk: UnsafeBufferPointer<UInt8>, maxRequests: Int, limits: Limits)
        -> Bool
    {
        connection.pending.append(contentsOf: chunk)
        var rounds = 0
        var closed = false
        loop: while true {
            rounds += 1
            if rounds > 1_000_000 { fail("process did not settle after a million calls") }
            let before = connection.pending.count
            let step = connection.pending.withUnsafeBytes {
                connection.session.process($0, output: connection.output, maxRequests: maxRequests)
            }
            if step.consumed < 0 || step.consumed > before {
                fail("consumed \(step.consumed) of \(before) bytes")
            }
            connection.pending.removeFirst(step.consumed)
            switch step.action {
            case .needMoreData:
                if connection.session.isStreaming { fail("needMoreData while streaming") }
                break loop
            case .yield:
                if step.consumed == 0 { fail("yield without progress") }
            case .continueAfterWrite:
                if !connection.session.isStreaming && step.consumed == 0 {
                    fail("continueAfterWrite with no stream and no progress")
                }
                drain(connection)
            case .close, .watch:
                // A watcher leaves the session for the server's logger: like a close, for the session.
                closed = true
                break loop
            }
        }
        drain(connection)
        if !closed { checkPending(connection.pending, limits) }
        return closed
    }

    /// What a session leaves unconsumed when it asks for more data.
    func checkPending(_ pending: [UInt8], _ limits: Limits) {
        if let newline = pending.firstIndex(of: 0x0A) {
            let waiting = pending.count - newline - 1
            if waiting > limits.maxDataWait {
                fail("\(waiting) bytes left after a complete line (data limit \(limits.maxDataWait))")
            }
            return
        }
        if pending.count <= limits.maxLine { return }
        if pending.count > limits.maxMultiGetLine {
            fail("\(pending.count) bytes of one unterminated line kept (limit \(limits.maxMultiGetLine))")
        }
        let afterSpaces = pending.drop { $0 == 0x20 }
        if !(afterSpaces.starts(with: Array("get ".utf8)) || afterSpaces.starts(with: Array("gets ".utf8))) {
            fail("unterminated non-get line of \(pending.count) bytes kept")
        }
    }

    /// Takes the session's output and checks that it is made of whole replies.
    func drain(_ connection: FuzzConnection) {
        let count = connection.output.withReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let problem = ReplyChecker.check(bytes) {
                fail("malformed reply (\(problem)): \(escaped(bytes))")
            }
            return bytes.count
        }
        connection.output.consume(count)
    }
}

/// Escapes bytes the way the compat transcripts write them (C escapes, \xNN for the rest).
func escaped(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var text = ""
    for byte in bytes.prefix(4096) {
        switch byte {
        case 0x0D: text += "\\r"
        case 0x0A: text += "\\n"
        case 0x09: text += "\\t"
        case 0x5C: text += "\\\\"
        case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16)
            text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return bytes.count > 4096 ? text + "...(\(bytes.count) bytes)" : text
}

/// Checks that a run of output bytes is a sequence of complete replies.
enum ReplyChecker {
    /// First words a reply line may start with.
    static let words: Set<String> = [
        "ERROR", "CLIENT_ERROR", "SERVER_ERROR", "OK", "END", "STORED", "NOT_STORED", "EXISTS", "NOT_FOUND",
        "DELETED", "TOUCHED", "VALUE", "STAT", "VERSION", "RESET", "ITEM", "BUSY", "BADCLASS", "NOTSTARTED",
        "SAME", "NOSPARE", "MEMLIMIT_TOO_SMALL", "MEMLIMIT_ADJUST_FAILED", "ERROR:", "MN", "EN", "HD", "NF",
        "NS", "EX", "VA", "ME", "PREFIX",
        "Error",  // refresh_certs without TLS: memcached's "Error TLS not enabled"
    ]

    static let metadumpPrefix = Array("key=".utf8)

    /// nil when `bytes` is well formed, otherwise what is wrong. Runs after every read, so it builds no
    /// array per line: only the first word becomes a (small, inline) String, and only `VALUE`/`VA` lines
    /// are split into fields.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < bytes.count {
            var newline = index
            while newline < bytes.count && bytes[newline] != 0x0A { newline += 1 }
            guard newline < bytes.count else { return "unterminated line at \(index)" }
            // memcached ends metadump lines with a bare LF (its crawler writes them); every other line with CRLF.
            let isMetadumpLine = bytes[index...].starts(with: metadumpPrefix)
            let hasCR = newline > index && bytes[newline - 1] == 0x0D
            guard hasCR || isMetadumpLine else { return "line without CRLF at \(index)" }
            let lineEnd = hasCR ? newline - 1 : newline
            var wordEnd = index
            while wordEnd < lineEnd && bytes[wordEnd] != 0x20 { wordEnd += 1 }
            let wordBytes = bytes[index..<wordEnd]
            let line = bytes[index..<lineEnd]
            index = newline + 1
            if wordBytes.isEmpty { return "empty first word at \(index)" }
            if wordBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { continue }  // incr/decr result
            if isMetadumpLine { continue }  // a metadump line
            let word = String(decoding: wordBytes, as: UTF8.self)
            guard words.contains(word) else { return "unknown reply word \(word)" }
            let sizeFieldIndex: Int
            switch word {
            case "VALUE": sizeFieldIndex = 3
            case "VA": sizeFieldIndex = 1
            default: continue
            }
            let fields = line.split(separator: 0x20, omittingEmptySubsequences: false)
            if word == "VALUE" && !(fields.count == 4 || fields.count == 5) { return "bad \(word) line" }
            guard sizeFieldIndex < fields.count,
                let size = Int(String(decoding: fields[sizeFieldIndex], as: UTF8.self)), size >= 0
            else { return "bad \(word) line" }
            guard index + size + 2 <= bytes.count else { return "\(word) data block cut short" }
            guard bytes[index + size] == 0x0D, bytes[index + size + 1] == 0x0A else {
                return "\(word) data block not followed by CRLF"
            }
            index += size + 2
        }
        return nil
    }
}
