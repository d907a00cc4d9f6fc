// Connection: one client connection (TCP or unix) on a worker thread: reading, running the protocol
// session over the buffered bytes, writing responses in one send per batch, backpressure, fairness (-R)
// and closing; on a TLS listener the same, through a TLSStream. The state machine is documented on
// `Connection`.
import CLibevent
import CacheEngine
import MemcacheProtocol
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stats conns` shows about a connection; shared with any thread that reads stats.
final class ConnectionInfo: Sendable {
    let fd: Int32
    let peer: String
    let listenAddress: String
    /// Engine-clock second of the last request batch.
    let lastCommand = Atomic<UInt32>(0)
    /// `Connection.State.rawValue`.
    let state = Atomic<UInt8>(0)
    /// True while the worker runs the session over this connection's input (memcached's `conn_parse_cmd`,
    /// which is what a connection asking `stats conns` reports for itself).
    let parsing = Atomic<Bool>(false)

    init(fd: Int32, peer: String, listenAddress: String) {
        self.fd = fd
        self.peer = peer
        self.listenAddress = listenAddress
    }
}

/// A client connection driven by its worker's event loop.
///
/// ## State machine
/// ```
///            accept (listener) -> queued to worker
///                    |
///                    v
///   +-------->  .reading  ---- read error / session .close / idle timeout ----> .closed
///   |          (read event armed; each readable event: one read(2), session.process up to -R
///   |           requests, one send(2) of everything produced)
///   |             |   ^                                           ^
///   |  partial send|   | output fully sent                         |  send error,
///   |             v   |                                           |  EOF, .close
///   |          .writing  (write event armed; still reading while  |
///   |             |       pending output <= high-water mark)  ----+
///   |   pending > |   ^ pending drained to <= high-water
///   |  high-water v   |
///   |          .blocked  (read event disarmed: a slow reader cannot grow our memory; no requests
///   |                      are processed until the client drains its responses)
///   |
///   +---- -R cap hit (session .yield): `conn_yields`++, the "resume" timer is armed with a zero timeout,
///         so the worker polls its sockets and serves every other ready connection before this one
///         continues with its buffered requests. A streaming command (session .continueAfterWrite, a
///         metadump) resumes the same way, once its output has drained below the high-water mark.
/// ```
/// TLS (a `-Z` listener): before `.reading` proper, the handshake runs step by step from the same read
/// and write events (SSL_accept never blocks; a stalled or failed handshake costs only this connection).
/// Reads go through SSL_read into the same buffer, writes through SSL_write from the same output buffer.
/// Either may need the other direction (`tlsReadWantsWrite`, `tlsWriteWantsRead`), and decrypted bytes
/// OpenSSL already holds are read without waiting for the socket.
/// While `.reading` and quiet for a second, the worker's 1 s sweep returns grown read/output buffers to
/// their small sizes (`releaseIdleMemory`), or closes the connection after `-o idle_timeout`.
/// Read EOF (the peer shut down its sending side) stops reading; the requests already buffered are
/// still answered and their responses sent, then the connection closes (memcached only notices EOF
/// after it has served what it buffered).
/// `.closed` is terminal: events are freed, the fd is closed, the read buffer is freed and the single
/// retain that the events' callback argument represents is released (exactly once).
///
/// Thread rule: created, driven and closed only by its worker thread; hence `@unchecked Sendable`.
final class Connection: @unchecked Sendable {
    enum State: UInt8 {
        case reading = 0
        case writing = 1
        case blocked = 2
        case closed = 3

        var memcachedName: String {
            switch self {
            case .reading: return "conn_read"
            case .writing: return "conn_mwrite"
            case .blocked: return "conn_mwrite"
            case .closed: return "conn_closing"
            }
        }
    }

    let fd: Int32
    let transport: Transport
    /// The owning worker. `unowned(unsafe)` (no reference counting on the hot path) is sound because a
    /// worker closes all its connections before it is released, and a connection never outlives `close`.
    unowned(unsafe) let worker: Worker
    /// Counters of the owning worker (read once; same lifetime as `worker`).
    private let counters: WorkerCounters
    private let clock: EngineClock
    private let outputHighWater: Int
    private let requestsPerEvent: Int
    let info: ConnectionInfo
    private let session: ProtocolSession
    /// A `let` (shrunk in place when idle, never replaced), so passing it to the session needs no
    /// retain/release around the call.
    private let output: OutputBuffer
    // Touched only by the owning worker thread and never re-entrantly (ReadBuffer's methods call no
    // Connection code), so it opts out of dynamic exclusivity checks, which cost a runtime call per
    // access on every request.
    @exclusivity(unchecked) private var input: ReadBuffer
    private var state: State = .reading {
        didSet { info.state.store(state.rawValue, ordering: .relaxed) }
    }
    private var readEvent: OpaquePointer? = nil
    private var writeEvent: OpaquePointer? = nil
    private var resumeEvent: OpaquePointer? = nil
    private var readArmed = false
    private var writeArmed = false
    /// Complete requests are buffered but were not processed yet (yield or backpressure).
    private var resumeNeeded = false
    /// The last `process` call stopped inside an incomplete request.
    private var wantsMoreData = false
    /// The peer shut down its sending side (read returned 0): finish the buffered requests, send their
    /// responses, then close.
    private var inputClosed = false
    /// The resume timer is pending.
    private var resumeScheduled = false
    /// Engine-clock second of the last activity (idle timeout).
    private(set) var lastActive: UInt32
    /// The retain passed to libevent as the callbacks' argument is outstanding.
    private var retainedForEvents = false
    /// An event callback is running: it borrows the connection without a retain of its own, so `close()`
    /// leaves releasing the events' reference to the callback's end.
    private var inEventCallback = false
    private var releaseAfterCallback = false
    /// The TLS layer of a connection accepted on a TLS listener (nil: plain text).
    private let tls: TLSStream?
    /// An SSL_read needs the socket writable before it can continue.
    private var tlsReadWantsWrite = false
    /// An SSL_write needs the socket readable before it can continue.
    private var tlsWriteWantsRead = false

    init(fd: Int32, transport: Transport, listenAddress: String, worker: Worker, tls: TLSStream? = nil) {
        self.fd = fd
        self.transport = transport
        self.tls = tls
        self.worker = worker
        let server = worker.server
        counters = worker.counters
        clock = server.engine.clock
        outputHighWater = server.configuration.outputHighWater
        requestsPerEvent = server.configuration.requestsPerEvent
        info = ConnectionInfo(
            fd: fd, peer: Sockets.peerAddress(fd, transport: transport), listenAddress: listenAddress)
        session = ProtocolSession(
            engine: server.engine, context: worker.context, settings: server.protocolSettings, hooks: server)
        output = OutputBuffer()
        input = ReadBuffer(
            initialCapacity: server.configuration.initialReadBufferSize,
            maxCapacity: server.maxReadBufferSize)
        lastActive = server.engine.clock.now
        info.lastCommand.store(lastActive, ordering: .relaxed)
    }

    /// Registers the connection's events on the worker's base and starts reading.
    /// Returns false (and cleans up) when libevent refuses.
    func start() -> Bool {
        let me = Unmanaged.passRetained(self).toOpaque()
        retainedForEvents = true
        let base = worker.base
        readEvent = event_new(
            base, fd, Int16(EV_READ | EV_PERSIST), { _, _, arg in Connection.dispatch(arg!) { $0.onReadable() } }, me)
        writeEvent = event_new(
            base, fd, Int16(EV_WRITE | EV_PERSIST), { _, _, arg in Connection.dispatch(arg!) { $0.onWritable() } }, me)
        resumeEvent = event_new(base, -1, 0, { _, _, arg in Connection.dispatch(arg!) { $0.onResume() } }, me)
        guard readEvent != nil, writeEvent != nil, resumeEvent != nil else {
            close(reason: "event_new failed")
            return false
        }
        armRead()
        if tls != nil { advanceHandshake() }
        return true
    }

    /// Runs an event handler on the connection behind a libevent callback argument without retaining it
    /// per event: the events' own reference keeps it alive, and a `close()` inside the handler defers
    /// dropping that reference until the handler has returned.
    @inline(__always)
    private static func dispatch(_ argument: UnsafeMutableRawPointer, _ handler: (Connection) -> Void) {
        let connection = Unmanaged<Connection>.fromOpaque(argument)
        let release = connection._withUnsafeGuaranteedRef { c -> Bool in
            c.inEventCallback = true
            handler(c)
            c.inEventCallback = false
            defer { c.releaseAfterCallback = false }
            return c.releaseAfterCallback
        }
        if release { connection.release() }
    }

    // MARK: - event handlers

    /// Readable: one read(2) as large as the buffer allows, then process and flush.
    private func onReadable() {
        guard state != .closed else { return }
        if let tls {
            if !tls.isEstablished {
                advanceHandshake()
                return
            }
            if tlsWriteWantsRead {
                tlsWriteWantsRead = false
                guard flush() else { return }
            }
        }
        if input.isFull {
            // Only an incomplete request that needs more room justifies growing; complete requests
            // waiting for their turn (yield) are processed first.
            if wantsMoreData {
                guard input.grow() else {
                    close(reason: "request larger than \(input.maxCapacity) bytes")
                    return
                }
            }
        } else {
            input.prepareForRead()
        }
        let space = input.writableSpace
        if space > 0 {
            let n = tls == nil ? read(fd, input.writePointer, space) : tlsRead(space)
            if n > 0 {
                input.commitRead(n)
                WorkerCounters.bump(counters.bytesRead, by: UInt64(n))
                lastActive = clock.now
                info.lastCommand.store(lastActive, ordering: .relaxed)
            } else if n == 0 {
                // EOF: like memcached, requests already received are still answered before closing.
                inputClosed = true
                disarmRead()
            } else {
                let err = errno
                if err != EAGAIN && err != EWOULDBLOCK && err != EINTR {
                    close(reason: "read: \(String(cString: strerror(err)))")
                    return
                }
            }
        }
        processAndFlush()
    }

    /// read(2)'s contract over SSL_read: bytes, 0 at the end of the stream, or -1 with errno (EAGAIN when
    /// it would block in either direction; a write-side block arms the write event first). Drains what
    /// OpenSSL has already decrypted, up to `space`.
    private func tlsRead(_ space: Int) -> Int {
        guard let tls else { return -1 }
        var total = 0
        repeat {
            switch tls.read(into: input.writePointer + total, count: space - total) {
            case .bytes(let n):
                total += n
            case .wantRead:
                return total > 0 ? total : Self.wouldBlock()
            case .wantWrite:
                tlsReadWantsWrite = true
                armWrite()
                return total > 0 ? total : Self.wouldBlock()
            case .closed:
                return total
            case .failed(let code, let err):
                if total > 0 { return total }
                ServerLog.log(2, "<\(fd) TLS read failed: SSL error \(code), \(String(cString: strerror(err)))")
                errno = ECONNRESET
                return -1
            }
        } while total < space && tls.hasBufferedPlaintext
        return total
    }

    private static func wouldBlock() -> Int {
        errno = EAGAIN
        return -1
    }

    /// One SSL_accept step. Done: reading starts (the client's first request may already be decrypted).
    /// Blocked: waits for the direction OpenSSL asked for. Failed (not TLS, a protocol error, or the peer
    /// gone before the handshake finished): only this connection closes, and `ssl_handshake_errors`
    /// counts it. memcached counts only a failure of its first SSL_accept, made in its listener right
    /// after accept(2), so its counter mostly misses these; every failure is counted here.
    private func advanceHandshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case .bytes:
            disarmWrite()
            onReadable()
        case .wantRead:
            disarmWrite()
        case .wantWrite:
            armWrite()
        case .closed:
            worker.server.tlsContext?.handshakeErrors.add(1, ordering: .relaxed)
            close(reason: nil)
        case .failed(let code, let err):
            worker.server.tlsContext?.handshakeErrors.add(1, ordering: .relaxed)
            ServerLog.log(1, "SSL connection failed with error code : \(code) : \(String(cString: strerror(err)))")
            close(reason: nil)
        }
    }

    /// The -R cap deferred buffered requests; continue them now.
    private func onResume() {
        guard state != .closed else { return }
        resumeScheduled = false
        processAndFlush()
    }

    /// Writable: continue sending pending output; leave `.blocked` once the client drained enough.
    private func onWritable() {
        guard state != .closed else { return }
        if let tls {
            if !tls.isEstablished {
                advanceHandshake()
                return
            }
            if tlsReadWantsWrite {
                tlsReadWantsWrite = false
                onReadable()
                return
            }
        }
        guard flush() else { return }
        if output.readableBytes <= outputHighWater && resumeNeeded {
            resumeNeeded = false
            processAndFlush()
        } else if !inputClosedAndDone() {
            updateInterest()
        }
    }

    // MARK: - processing

    /// Runs the session over the buffered input (unless backpressure holds it back), then sends.
    private func processAndFlush() {
        if input.readable > 0 || session.isStreaming {
            if output.readableBytes > outputHighWater {
                resumeNeeded = true
            } else {
                info.parsing.store(true, ordering: .relaxed)
                let step = session.process(
                    input.unconsumed, output: output, maxRequests: requestsPerEvent)
                info.parsing.store(false, ordering: .relaxed)
                input.consume(step.consumed)
                switch step.action {
                case .needMoreData:
                    wantsMoreData = input.readable > 0
                    resumeNeeded = false
                    if input.isFull {
                        // One request fills the whole buffer: make room for the rest of it now, so the
                        // next readable event can read it.
                        guard input.grow() else {
                            close(reason: "request larger than \(input.maxCapacity) bytes")
                            return
                        }
                    }
                case .yield:
                    wantsMoreData = false
                    resumeNeeded = true
                    WorkerCounters.bump(counters.connYields, by: 1)
                case .continueAfterWrite:
                    wantsMoreData = false
                    resumeNeeded = true
                case .close:
                    _ = flush()
                    close(reason: nil)
                    return
                }
            }
        }
        guard flush() else { return }
        if resumeNeeded && output.readableBytes <= outputHighWater {
            resumeNeeded = false
            scheduleResume()
            updateInterest()
            return
        }
        if inputClosedAndDone() { return }
        updateInterest()
    }

    /// After EOF: closes once no complete request is left and every response has been sent.
    private func inputClosedAndDone() -> Bool {
        guard inputClosed, !resumeNeeded, !resumeScheduled, output.isEmpty else { return false }
        close(reason: nil)
        return true
    }

    /// One send(2) of everything pending. Returns false when the connection was closed.
    @discardableResult
    private func flush() -> Bool {
        if tls != nil { return tlsFlush() }
        while output.readableBytes > 0 {
            let n = output.withReadableBytes { bytes in
                send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                output.consume(n)
                WorkerCounters.bump(counters.bytesWritten, by: UInt64(n))
                lastActive = clock.now
                // A short write means the socket buffer is full: the next attempt would only say EAGAIN.
                break
            }
            let err = errno
            if n < 0 && err == EINTR { continue }
            if n < 0 && (err == EAGAIN || err == EWOULDBLOCK) { break }
            close(reason: "write: \(String(cString: strerror(err)))")
            return false
        }
        return true
    }

    /// `flush` over TLS: SSL_write batches of up to `ssl_wbuf_size` straight from the output buffer until
    /// it is empty or the socket would block.
    private func tlsFlush() -> Bool {
        guard let tls else { return true }
        while output.readableBytes > 0 {
            switch output.withReadableBytes({ tls.write($0) }) {
            case .bytes(let n):
                output.consume(n)
                WorkerCounters.bump(counters.bytesWritten, by: UInt64(n))
                lastActive = clock.now
            case .wantWrite:
                return true
            case .wantRead:
                tlsWriteWantsRead = true
                armRead()
                return true
            case .closed, .failed:
                close(reason: "TLS write failed")
                return false
            }
        }
        return true
    }

    /// Continues after the -R cap on the next loop iteration. A zero timeout (not `event_active`) makes
    /// libevent poll the sockets first: active callbacks run in the same pass, timers only after a poll,
    /// so connections that became readable meanwhile are served before this one continues.
    private func scheduleResume() {
        resumeScheduled = true
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        _ = swiftcached_evtimer_add(resumeEvent, &zero)
    }

    /// Arms/disarms the read and write events for the current amount of pending output.
    private func updateInterest() {
        let pending = output.readableBytes
        if pending == 0 {
            if !tlsReadWantsWrite { disarmWrite() }
            if !inputClosed { armRead() }
            state = .reading
        } else if pending > outputHighWater {
            armWrite()
            disarmRead()
            state = .blocked
        } else {
            armWrite()
            if !inputClosed { armRead() }
            state = .writing
        }
        if tlsWriteWantsRead { armRead() }
        if tlsReadWantsWrite { armWrite() }
        if let tls, readArmed, tls.hasBufferedPlaintext {
            // Decrypted bytes are waiting inside OpenSSL: the socket will not say so.
            event_active(readEvent, EV_READ, 0)
        }
    }

    @inline(__always) private func armRead() {
        if !readArmed {
            readArmed = true
            event_add(readEvent, nil)
        }
    }
    @inline(__always) private func disarmRead() {
        if readArmed {
            readArmed = false
            event_del(readEvent)
        }
    }
    @inline(__always) private func armWrite() {
        if !writeArmed {
            writeArmed = true
            event_add(writeEvent, nil)
        }
    }
    @inline(__always) private func disarmWrite() {
        if writeArmed {
            writeArmed = false
            event_del(writeEvent)
        }
    }

    /// Output buffers above this size are replaced by a fresh small one once the connection is quiet.
    static let retainedOutputCapacity = 64 * 1024

    /// Called by the worker's 1 s timer for connections quiet for at least a second: a big response must
    /// not pin its buffer for the life of the connection.
    func releaseIdleMemory() {
        guard state == .reading, output.isEmpty else { return }
        if output.allocatedCapacity > Self.retainedOutputCapacity { output.shrinkIfEmpty() }
        if input.readable == 0 { input.shrinkIfIdle() }
    }

    // MARK: - closing

    /// True once closed.
    var isClosed: Bool { state == .closed }

    /// Closes the connection: frees its events and buffer, closes the fd, and releases the retain held
    /// for the event callbacks. Idempotent.
    func close(reason: String?) {
        guard state != .closed else { return }
        state = .closed
        if let reason {
            ServerLog.log(1, "<\(fd) connection closed: \(reason)")
        } else {
            ServerLog.log(2, "<\(fd) connection closed.")
        }
        for ev in [readEvent, writeEvent, resumeEvent] where ev != nil {
            event_free(ev)
        }
        readEvent = nil
        writeEvent = nil
        resumeEvent = nil
        readArmed = false
        writeArmed = false
        output.removeAll()
        input.deallocate()
        tls?.shutdown()
        posixClose(fd)
        worker.connectionClosed(self)
        if retainedForEvents {
            // Balances passRetained in start(). Inside an event callback that reference is the only one
            // keeping the connection alive, so the callback drops it when it returns; other callers of
            // close() hold their own reference.
            retainedForEvents = false
            if inEventCallback {
                releaseAfterCallback = true
            } else {
                Unmanaged.passUnretained(self).release()
            }
        }
    }
}
