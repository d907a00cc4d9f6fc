// ProtocolSession: the per-connection state machine of the memcached text protocol.
//
// `process` walks the connection's unconsumed input: it finds each request line with memchr, strips the
// terminator, splits the line into tokens and dispatches on the command (length first, then bytes) to the
// command families in Retrieval.swift, Storage.swift, Arithmetic.swift, Deletion.swift, Admin.swift,
// StatsCommands.swift, MemoryPolicyCommands.swift and, for meta commands, Meta/. Responses are appended to the connection's
// OutputBuffer. A request that has not fully arrived is left unconsumed; the caller feeds it again with more
// bytes.

import CacheEngine

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
    public init(engine: CacheEngine, context: WorkerContext, settings: ProtocolSettings, hooks: any ServerHooks) {
        self.engine = engine
        self.context = context
        self.settings = settings
        self.hooks = hooks
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
        if bytesToSwallow > 0 {
            let discarded = min(bytesToSwallow, total)
            bytesToSwallow &-= discarded
            offset = discarded
            if bytesToSwallow > 0 {
                return SessionStep(consumed: offset, action: .needMoreData)
            }
        }
        markSent(output)
        let requestCap = max(maxRequests, 1)
        var handled = 0
        while offset < total {
            let available = total &- offset
            let lineStart = base + offset
            if handled >= requestCap {
                // Yield only when another request can make progress; a partial line just waits.
                if memchr(lineStart, 0x0A, available) != nil || available > settings.maxLineLength {
                    return SessionStep(consumed: offset, action: .yield)
                }
                return SessionStep(consumed: offset, action: .needMoreData)
            }
            guard let newline = memchr(lineStart, 0x0A, available) else {
                if available > settings.maxLineLength && !mayKeepWaitingForLongLine(lineStart, available) {
                    // memcached closes without sending what it had queued.
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

            let outcome = execute(line: line, rest: rest, output: output)
            handled &+= 1
            switch outcome {
            case .done(let consumedFromRest):
                offset = restOffset &+ consumedFromRest
                if activeMetadump != nil { return SessionStep(consumed: offset, action: .continueAfterWrite) }
            case .needMoreData:
                return SessionStep(consumed: offset, action: .needMoreData)
            case .swallow(let count):
                let discarded = min(count, rest.count)
                offset = restOffset &+ discarded
                bytesToSwallow = count &- discarded
                if bytesToSwallow > 0 {
                    return SessionStep(consumed: offset, action: .needMoreData)
                }
            case .close:
                return SessionStep(consumed: restOffset, action: .close)
            case .closeSilently:
                output.truncate(toReadableCount: sentMark)
                return SessionStep(consumed: restOffset, action: .close)
            }
        }
        return SessionStep(consumed: offset, action: .needMoreData)
    }

    /// A flush point: memcached would have written everything in `output` so far to the socket here,
    /// releasing the items its replies referred to.
    @inline(__always)
    func markSent(_ output: OutputBuffer) {
        sentMark = output.readableBytes
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

    static let handled = CommandOutcome.done(consumedFromRest: 0)
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
            if command.matches("get") { return retrieve(tokens, returnCAS: false, touch: false, output: output) }
            if command.matches("set") { return store(.set, tokens, rest: rest, output: output) }
            if command.matches("add") { return store(.add, tokens, rest: rest, output: output) }
            if command.matches("cas") { return storeCAS(tokens, rest: rest, output: output) }
            if command.matches("gat") { return retrieve(tokens, returnCAS: false, touch: true, output: output) }
            if command.matches("lru") { return lru(tokens, output: output) }
        case 4:
            if command.matches("gets") { return retrieve(tokens, returnCAS: true, touch: false, output: output) }
            if command.matches("incr") { return arithmetic(tokens, increment: true, output: output) }
            if command.matches("decr") { return arithmetic(tokens, increment: false, output: output) }
            if command.matches("gats") { return retrieve(tokens, returnCAS: true, touch: true, output: output) }
            if command.matches("quit") { return .close }
            if command.matches("bget") { return retrieve(tokens, returnCAS: false, touch: false, output: output) }
        case 5:
            if command.matches("touch") { return touch(tokens, output: output) }
            if command.matches("stats") { return stats(tokens, output: output) }
            if command.matches("slabs") { return slabs(tokens, output: output) }
            if command.matches("watch") { return watch(tokens, output: output) }
        case 6:
            if command.matches("delete") { return delete(tokens, output: output) }
            if command.matches("append") { return store(.append, tokens, rest: rest, output: output) }
        case 7:
            if command.matches("replace") { return store(.replace, tokens, rest: rest, output: output) }
            if command.matches("prepend") { return store(.prepend, tokens, rest: rest, output: output) }
            if command.matches("version") { return version(output: output) }
        case 8:
            if command.matches("shutdown") { return shutdown(tokens, output: output) }
        case 9:
            if command.matches("flush_all") { return flushAll(tokens, output: output) }
            if command.matches("verbosity") { return verbosity(tokens, output: output) }
        case 11:
            if command.matches("lru_crawler") { return lruCrawler(tokens, output: output) }
        case 13:
            if command.matches("refresh_certs") { return refreshCerts(tokens, output: output) }
        case 14:
            if command.matches("cache_memlimit") { return cacheMemoryLimit(tokens, output: output) }
        default:
            break
        }
        output.append(Reply.error)
        return .handled
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
        return (key, noreply)
    }

    /// Writes `reply` unless the request asked for `noreply`.
    @inline(__always)
    func reply(_ reply: StaticString, noreply: Bool, to output: OutputBuffer) {
        if !noreply { output.append(reply) }
    }
}
