// ProtocolSession: the per-connection state machine of the memcached text protocol.
//
// `process` walks the connection's unconsumed input: it finds each request line with memchr, strips the
// terminator, splits the line into tokens and dispatches on the command (length first, then bytes) to the
// command families in Retrieval.swift, Storage.swift, Arithmetic.swift, Deletion.swift, Admin.swift,
// StatsCommands.swift, MemoryPolicyCommands.swift and, for meta commands, Meta/. Responses are appended to the connection's
// OutputBuffer. With `-Y` the input first goes through Authentication.swift (memcached's ASCII
// authentication), once per `process` call until the connection has authenticated. A request that has not
// fully arrived is left unconsumed; the caller feeds it again with more bytes.
//
// Cross-protocol defence: a request that is not memcached text ends the connection with nothing more sent
// (the unsent replies of the same read are dropped, and nothing after it runs): a line memcached 1.6.18
// hangs up on (an unknown command whose last token starts with "HTTP/"), and, beyond memcached, a request
// whose first byte is the binary protocol's request magic 0x80 (swiftcached serves only text).

import CacheEngine
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Executes pipelined memcached text-protocol requests against a `CacheEngine`, bytes in, bytes out.
///
/// Why a class with no I/O: the server owns sockets and buffers; the session only needs the unconsumed
/// input and an output buffer, which keeps the whole protocol testable without sockets and lets every
/// split of the input produce the same output.
///
/// Thread rule: one session per connection, used by one thread at a time (`@unchecked Sendable` so it can
/// be created on the listener thread and handed to a worker).
public final class ProtocolSession: @unchecked Sendable {
    /// The cache the commands run against.
    let engine: CacheEngine
    /// This worker thread's engine context (its counters).
    let context: WorkerContext
    /// Startup settings.
    let settings: ProtocolSettings
    /// The server's side of stats, verbosity and shutdown.
    let hooks: any ServerHooks
    /// This worker's recorders (latency, hot keys, watch), shared by its sessions.
    let telemetry: WorkerTelemetry
    /// The counters of `telemetry.latency` (nil when latency histograms are off): a pointer rather than
    /// the object, so a request pays no reference counting for it.
    let latencySlots: UnsafeMutablePointer<Atomic<UInt64>>?
    /// The latency family of the command `execute` is running (set by the dispatch, read by `process`
    /// only when latency histograms are on; nil for commands that are not recorded).
    @exclusivity(unchecked) var latencyFamily: LatencyFamily? = nil

    /// Bytes of a rejected store's data block still to be discarded as they arrive.
    @exclusivity(unchecked) var bytesToSwallow: Int = 0
    /// How many of `output`'s readable bytes memcached would already have written to the socket.
    ///
    /// memcached sends queued responses only when its read buffer runs dry, on a -R yield, and right
    /// after each get-family command or `mn`; a few error paths (a too-long key in a multi-get, closing
    /// on an over-long line, shutdown) throw away what is still queued. We reproduce that by cutting the
    /// output back to this mark, which is set at the start of each `process` call and after those
    /// commands. Set only by `markSent(_:)`.
    @exclusivity(unchecked) private(set) var sentMark: Int = 0
    /// Versions of the items the `mg` replies written since `sentMark` last moved refer to (see
    /// `ReferencedVersions`); `markSent(_:)` empties it.
    let referencedVersions = ReferencedVersions()
    /// memcached's read buffer size. Requests and data blocks bigger than this always make memcached read
    /// again mid-request, which writes out its queued responses (see `sentMark`).
    static let memcachedReadBufferSize = 16 * 1024

    /// Why the last `.close` was returned, when it was a cross-protocol request (nil otherwise): the
    /// connection counts these closes (`stats`: `cross_protocol_closes`).
    public private(set) var crossProtocolRequest: CrossProtocolRequest? = nil
    /// Requests handled to the end (a reply written or suppressed, a rejected data block counted once), for
    /// the idle clock: memcached's idle timeout counts from the last command, not the last byte.
    @exclusivity(unchecked) public private(set) var completedRequests: UInt64 = 0
    /// The last `process` call stopped inside a data block (the value bytes of a storage command, or the
    /// rest of a rejected one being discarded), as opposed to between requests or inside a request line.
    @exclusivity(unchecked) public private(set) var isInsideDataBlock = false

    /// The first byte of a binary-protocol request.
    static let binaryRequestMagic: UInt8 = 0x80
    /// False until the connection authenticates when credentials are configured (`-Y`); checked once
    /// per `process` call, never per command (see Authentication.swift).
    @exclusivity(unchecked) var authenticated: Bool
    /// The connection authenticated as a read-only user: mutations are refused (Authentication.swift).
    /// Read only by the mutating commands, so reads pay nothing for it.
    @exclusivity(unchecked) var readOnly: Bool = false

    /// The last `.close` was for input that can never be a request (an over-long line), which memcached
    /// reports as an error close (`watch connevents`).
    public private(set) var closedOnError = false
    /// The connection's socket, for the `-vv` lines and `watch` events (`cfd=`); -1 for none (UDP, tests).
    public var clientFD: Int32 = -1
    /// `-vv` or more: request and reply lines go to stderr (SessionTrace.swift). Read once per `process`.
    @exclusivity(unchecked) var tracing = false
    /// The protocol line `-vv` prints before the connection's first request has been printed.
    @exclusivity(unchecked) var announcedProtocol = false
    /// The request line waiting for its data block has been traced already.
    @exclusivity(unchecked) private var pendingLineTraced = false
    /// Requests started since the last flush point (`markSent`), the one running included: memcached
    /// refuses `watch` after a request whose reply it still holds, even one suppressed by noreply.
    @exclusivity(unchecked) var requestsSinceFlush = 0

    /// A `lru_crawler metadump` still streaming: where it continues.
    var activeMetadump: MetadumpCursor? = nil

    /// True while a command streams output over several `process` calls (a metadump): the caller must
    /// call `process` again once the output drained, even with no new input.
    public var isStreaming: Bool { activeMetadump != nil }

    /// "VERSION <version>\r\n", built once.
    let versionReply: [UInt8]

    /// Room for one base64-decoded meta key (keys are checked against the key limit before they are
    /// decoded). Owned by the session, so a meta command needs no per-request allocation or closure.
    let metaKeyScratch: UnsafeMutableRawPointer

    /// Creates the session of one connection.
    public init(
        engine: CacheEngine, context: WorkerContext, settings: ProtocolSettings, hooks: any ServerHooks,
        telemetry: WorkerTelemetry = WorkerTelemetry()
    ) {
        self.engine = engine
        self.context = context
        self.settings = settings
        self.hooks = hooks
        self.telemetry = telemetry
        self.latencySlots = telemetry.latency?.slots
        self.authenticated = settings.credentials == nil
        self.versionReply = Array("VERSION \(settings.versionString)\r\n".utf8)
        self.metaKeyScratch = .allocate(
            byteCount: MetaBase64.decodedCapacity(forEncodedLength: settings.maxKeyLength), alignment: 8)
    }

    deinit {
        // A dump the client left mid-way holds placeholders in the engine's LRU lists.
        if var cursor = activeMetadump { engine.cancelMetadump(&cursor) }
        metaKeyScratch.deallocate()
    }

    /// Handles as many complete requests from `input` as possible (at most `maxRequests`), appending the
    /// responses to `output`.
    ///
    /// - Parameters:
    ///   - input: the connection's unconsumed bytes (whatever was not consumed before, then new bytes).
    ///   - output: where responses go.
    ///   - maxRequests: memcached's `-R` (requests per event) cap, at least 1; `.yield` is returned when it
    ///     is reached while more requests are waiting.
    /// - Returns: how many input bytes were consumed and what the connection must do next.
    public func process(_ input: UnsafeRawBufferPointer, output: OutputBuffer, maxRequests: Int) -> SessionStep {
        if activeMetadump != nil {
            // The connection belongs to the dump until it ends (memcached parks it on its crawler).
            markSent(output)
            continueMetadump(output: output)
            if activeMetadump != nil { return SessionStep(consumed: 0, action: .continueAfterWrite) }
        }
        let total = input.count
        guard total > 0, let base = input.baseAddress else {
            return SessionStep(consumed: 0, action: .needMoreData)
        }
        var offset = 0
        isInsideDataBlock = false
        if bytesToSwallow > 0 {
            let discarded = min(bytesToSwallow, total)
            bytesToSwallow &-= discarded
            offset = discarded
            if bytesToSwallow > 0 {
                isInsideDataBlock = true
                return SessionStep(consumed: offset, action: .needMoreData)
            }
        }
        markSent(output)
        tracing = Verbosity.current >= 2
        if tracing && !announcedProtocol { announceProtocol() }
        let requestCap = max(maxRequests, 1)
        var handled = 0
        if !authenticated {
            switch processUnauthenticated(base, total: total, from: offset, output: output, requestCap: requestCap) {
            case .stop(let step):
                return step
            case .authenticated(let next, let count):
                offset = next
                handled = count
            }
        }
        while offset < total {
            let available = total &- offset
            let lineStart = base + offset
            if handled >= requestCap {
                // Yield only when another request can make progress; a partial line just waits.
                if memchr(lineStart, 0x0A, available) != nil || available > settings.maxLineLength
                    || lineStart.load(as: UInt8.self) == ProtocolSession.binaryRequestMagic
                {
                    return SessionStep(consumed: offset, action: .yield)
                }
                return SessionStep(consumed: offset, action: .needMoreData)
            }
            if lineStart.load(as: UInt8.self) == ProtocolSession.binaryRequestMagic {
                // A binary-protocol request: no text command starts with this byte, and waiting for a
                // newline would leave a binary client hanging. Nothing more is sent.
                crossProtocolRequest = .binary
                output.truncate(toReadableCount: sentMark)
                return SessionStep(consumed: offset, action: .close)
            }
            guard let newline = memchr(lineStart, 0x0A, available) else {
                if available > settings.maxLineLength && !mayKeepWaitingForLongLine(lineStart, available) {
                    // memcached closes without sending what it had queued.
                    closedOnError = true
                    output.truncate(toReadableCount: sentMark)
                    return SessionStep(consumed: offset, action: .close)
                }
                return SessionStep(consumed: offset, action: .needMoreData)
            }
            let terminatorOffset = UnsafeRawPointer(newline) - lineStart
            var lineLength = terminatorOffset
            // memcached strips a '\r' before the '\n' only when the line has more than one byte.
            if lineLength > 1 && lineStart.load(fromByteOffset: lineLength &- 1, as: UInt8.self) == 0x0D {
                lineLength &-= 1
            }
            // memcached handles the line as a C string: a NUL byte ends it.
            if lineLength > 0, let nul = memchr(lineStart, 0, lineLength) {
                lineLength = UnsafeRawPointer(nul) - lineStart
            }
            let line = UnsafeRawBufferPointer(start: lineStart, count: lineLength)
            let restOffset = offset &+ terminatorOffset &+ 1
            if terminatorOffset >= ProtocolSession.memcachedReadBufferSize {
                // memcached had to read more to find this line's end, and it flushes its queue first.
                markSent(output)
            }
            let rest = UnsafeRawBufferPointer(start: base + restOffset, count: total &- restOffset)

            let replyStart = output.readableBytes
            if tracing && !pendingLineTraced { traceRequest(line) }
            requestsSinceFlush &+= 1
            let outcome: CommandOutcome
            if let latencySlots {
                // Timed from here to the reply queued; a request still waiting for its data block
                // (.needMoreData) is not recorded now but timed afresh once it is complete.
                latencyFamily = nil
                let started = LatencyHistograms.now()
                outcome = execute(line: line, rest: rest, output: output)
                if let family = latencyFamily, !outcome.isNeedMoreData {
                    LatencyHistograms.record(
                        family, nanoseconds: LatencyHistograms.now() &- started, into: latencySlots)
                }
            } else {
                outcome = execute(line: line, rest: rest, output: output)
            }
            handled &+= 1
            if tracing {
                if case .needMoreData = outcome {
                    pendingLineTraced = true
                } else {
                    pendingLineTraced = false
                    traceReplies(of: line, output: output, from: replyStart)
                }
            }
            switch outcome {
            case .done(let consumedFromRest):
                completedRequests &+= 1
                offset = restOffset &+ consumedFromRest
                if activeMetadump != nil { return SessionStep(consumed: offset, action: .continueAfterWrite) }
                // A client pipelining requests faster than it reads: wait until it has read (this bounds
                // what one connection holds to the threshold plus one reply).
                if output.readableBytes > output.pauseThreshold && offset < total {
                    return SessionStep(consumed: offset, action: .continueAfterWrite)
                }
            case .needMoreData:
                isInsideDataBlock = true
                return SessionStep(consumed: offset, action: .needMoreData)
            case .swallow(let count):
                completedRequests &+= 1
                let discarded = min(count, rest.count)
                offset = restOffset &+ discarded
                bytesToSwallow = count &- discarded
                if bytesToSwallow > 0 {
                    isInsideDataBlock = true
                    return SessionStep(consumed: offset, action: .needMoreData)
                }
            case .close:
                completedRequests &+= 1
                return SessionStep(consumed: restOffset, action: .close)
            case .closeSilently:
                completedRequests &+= 1
                output.truncate(toReadableCount: sentMark)
                return SessionStep(consumed: restOffset, action: .close)
            case .watch(let streams):
                completedRequests &+= 1
                return SessionStep(consumed: total, action: .watch(streams))
            }
        }
        return SessionStep(consumed: offset, action: .needMoreData)
    }

    /// A flush point: memcached would have written everything in `output` so far to the socket here,
    /// releasing the items its replies referred to.
    @inline(__always)
    func markSent(_ output: OutputBuffer) {
        sentMark = output.readableBytes
        requestsSinceFlush = 0
        referencedVersions.removeAll()
    }

    /// memcached keeps reading a line without a newline past 2048 bytes only for a multi-key get:
    /// after at most 100 leading spaces the line must start with "get " or "gets ". We also bound it.
    private func mayKeepWaitingForLongLine(_ start: UnsafeRawPointer, _ available: Int) -> Bool {
        if available > settings.maxMultiGetLineLength { return false }
        var skipped = 0
        while skipped < available && start.load(fromByteOffset: skipped, as: UInt8.self) == 0x20 {
            skipped &+= 1
        }
        if skipped > 100 { return false }
        let afterSpaces = UnsafeRawBufferPointer(start: start + skipped, count: available &- skipped)
        return afterSpaces.hasPrefix("get ") || afterSpaces.hasPrefix("gets ")
    }
}

/// What one command, classic or meta, did with the input after its line; `process` acts on it.
enum CommandOutcome {
    /// Handled; also consumed this many bytes after the line (a data block and its "\r\n": set, ms).
    case done(consumedFromRest: Int)
    /// The request is incomplete (a data block has not fully arrived): nothing consumed, nothing written;
    /// the same line is handled again once more bytes are in.
    case needMoreData
    /// Handled (error written); discard this many bytes after the line, including bytes not yet arrived.
    case swallow(Int)
    /// Close after sending the output (`quit`).
    case close
    /// Close and drop this call's unsent responses (`shutdown`), as memcached's conn_closing does.
    case closeSilently
    /// Become a watcher of these streams (`watch`); the rest of the input is ignored.
    case watch(WatchStreams)

    static let handled = CommandOutcome.done(consumedFromRest: 0)

    var isNeedMoreData: Bool {
        if case .needMoreData = self { return true }
        return false
    }
}

extension ProtocolSession {
    /// Dispatches one request line. `rest` is the input after the line's terminator.
    func execute(line: UnsafeRawBufferPointer, rest: UnsafeRawBufferPointer, output: OutputBuffer) -> CommandOutcome {
        let tokens = Tokenizer(line)
        // Every command has at least two bytes (memcached answers ERROR for shorter ones and empty lines).
        guard tokens.count > 0, tokens.length(of: 0) >= 2 else {
            output.append(Reply.error)
            return .handled
        }
        let command = tokens[0]
        let first = command[0]
        switch command.count {
        case 2:
            if first == UInt8(ascii: "m") {
                switch command[1] {
                case UInt8(ascii: "g"), UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "a"),
                    UInt8(ascii: "e"):
                    return handleMetaCommand(tokens, rest: rest, output: output)
                case UInt8(ascii: "n"):
                    let outcome = handleMetaCommand(tokens, rest: rest, output: output)
                    // memcached writes its queued responses out right after `mn`.
                    markSent(output)
                    return outcome
                default:
                    break
                }
            }
        case 3:
            if command.matches("get") {
                latencyFamily = .get
                return retrieve(tokens, returnCAS: false, touch: false, output: output)
            }
            if command.matches("set") {
                latencyFamily = .set
                return store(.set, tokens, rest: rest, output: output)
            }
            if command.matches("add") {
                latencyFamily = .set
                return store(.add, tokens, rest: rest, output: output)
            }
            if command.matches("cas") {
                latencyFamily = .set
                return storeCAS(tokens, rest: rest, output: output)
            }
            if command.matches("gat") {
                latencyFamily = .gat
                if readOnly { return denyClassic(tokens, output: output) }
                return retrieve(tokens, returnCAS: false, touch: true, output: output)
            }
            if command.matches("lru") {
                if readOnly { return denyClassic(tokens, output: output) }
                return lru(tokens, output: output)
            }
        case 4:
            if command.matches("gets") {
                latencyFamily = .get
                return retrieve(tokens, returnCAS: true, touch: false, output: output)
            }
            if command.matches("incr") {
                latencyFamily = .incrDecr
                return arithmetic(tokens, increment: true, output: output)
            }
            if command.matches("decr") {
                latencyFamily = .incrDecr
                return arithmetic(tokens, increment: false, output: output)
            }
            if command.matches("gats") {
                latencyFamily = .gat
                if readOnly { return denyClassic(tokens, output: output) }
                return retrieve(tokens, returnCAS: true, touch: true, output: output)
            }
            if command.matches("quit") { return .close }
            if command.matches("bget") {
                latencyFamily = .get
                return retrieve(tokens, returnCAS: false, touch: false, output: output)
            }
        case 5:
            if command.matches("touch") {
                latencyFamily = .touch
                return touch(tokens, output: output)
            }
            if command.matches("stats") { return stats(tokens, output: output) }
            if command.matches("slabs") { return slabs(tokens, output: output) }
            if command.matches("watch") { return watch(tokens, output: output) }
        case 6:
            if command.matches("delete") {
                latencyFamily = .delete
                return delete(tokens, output: output)
            }
            if command.matches("append") {
                latencyFamily = .set
                return store(.append, tokens, rest: rest, output: output)
            }
        case 7:
            if command.matches("replace") {
                latencyFamily = .set
                return store(.replace, tokens, rest: rest, output: output)
            }
            if command.matches("prepend") {
                latencyFamily = .set
                return store(.prepend, tokens, rest: rest, output: output)
            }
            if command.matches("version") { return version(output: output) }
        case 8:
            if command.matches("shutdown") { return shutdown(tokens, output: output) }
        case 9:
            if command.matches("flush_all") { return flushAll(tokens, output: output) }
            if command.matches("verbosity") { return verbosity(tokens, output: output) }
        case 11:
            if command.matches("lru_crawler") { return lruCrawler(tokens, output: output) }
        case 12:
            if command.matches("refresh_auth") { return refreshAuthentication(tokens, output: output) }
        case 13:
            if command.matches("refresh_certs") { return refreshCerts(tokens, output: output) }
        case 14:
            if command.matches("cache_memlimit") { return cacheMemoryLimit(tokens, output: output) }
        default:
            break
        }
        if isHTTPRequestLine(tokens) {
            crossProtocolRequest = .http
            return .closeSilently
        }
        output.append(Reply.error)
        return .handled
    }

    /// memcached 1.6.18 hangs up on a line whose last token starts with "HTTP/" (case-sensitive), but only in
    /// the last branch of its dispatch, which a command reaches when it is none of the families dispatched by
    /// first byte (`g`, `s`, `a`, `c`, `i`, `d`, `t` and the two-byte `m` commands: `gxx / HTTP/1.1` and
    /// `mx HTTP/1.1` are answered `ERROR`) and none of the commands named after them (the ones swiftcached
    /// also knows are dispatched before this is reached; `extstore` and `refresh_certs` are memcached's
    /// others). Of a line with more than 23 tokens, the 23rd is the last one looked at, as in memcached.
    private func isHTTPRequestLine(_ tokens: Tokenizer) -> Bool {
        guard tokens[tokens.count &- 1].hasPrefix("HTTP/") else { return false }
        let command = tokens[0]
        switch command[0] {
        case UInt8(ascii: "g"), UInt8(ascii: "s"), UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "i"),
            UInt8(ascii: "d"), UInt8(ascii: "t"):
            return false
        case UInt8(ascii: "m"):
            return command.count != 2
        default:
            return !command.matches("extstore") && !command.matches("refresh_certs")
        }
    }

    /// The token-count check of a command that takes `arguments` tokens after its name and then an optional
    /// last one (`noreply`, or anything: memcached only looks at whether it is `noreply`). Returns whether
    /// the reply is suppressed, or nil when the count is wrong and `ERROR` has been written.
    @inline(__always)
    func noreplyFlag(_ tokens: Tokenizer, arguments: Int, output: OutputBuffer) -> Bool? {
        guard tokens.count == arguments &+ 1 || tokens.count == arguments &+ 2 else {
            output.append(Reply.error)
            return nil
        }
        return tokens.token(tokens.count &- 1, is: "noreply")
    }

    /// `noreplyFlag`, then the key check of incr/decr and touch (`<command> <key> <number> [noreply]`): a
    /// key over the limit is "bad command line format". Returns nil once the error has been written.
    @inline(__always)
    func keyAndNoreply(_ tokens: Tokenizer, output: OutputBuffer) -> (key: UnsafeRawBufferPointer, noreply: Bool)? {
        guard let noreply = noreplyFlag(tokens, arguments: 2, output: output) else { return nil }
        let key = tokens[1]
        guard key.count <= settings.maxKeyLength else {
            reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
            return nil
        }
        telemetry.hotKeys?.observe(key)  // touch, incr, decr
        return (key, noreply)
    }

    /// Writes `reply` unless the request asked for `noreply`.
    @inline(__always)
    func reply(_ reply: StaticString, noreply: Bool, to output: OutputBuffer) {
        if !noreply {
            output.append(reply)
        } else if tracing {
            traceSuppressedReply(reply)
        }
    }
}
