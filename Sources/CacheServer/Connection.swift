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
    /// Engine-clock second of the last request handled (memcached's `last_cmd_time`, shown as
    /// `secs_since_last_cmd`).
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
///   |                          (a cross-protocol request: nothing more is sent)
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
/// Memory (ConnectionMemory.swift): the read and output buffers are blocks lent by the worker's pool while
/// they hold bytes, returned after every event that leaves them empty, so an idle connection holds none.
/// A buffer grown past a block by a large request or reply is freed by the worker's 1 s sweep once the
/// connection is quiet. Pipelined requests pause once more than the high-water mark of replies wait
/// (the session returns `.continueAfterWrite`), so a client that never reads holds at most that plus one
/// reply. Under `-o read_buf_mem_limit`, a block the worker's share has no room for closes the connection
/// (`read_buf_oom` when reading, `response_obj_oom` for replies), a get whose reply does not fit gets
/// `SERVER_ERROR out of memory writing get response` (`response_obj_oom`), and a reply that grows the
/// worker past its share closes the connection (`response_obj_oom`).
///
/// Idle timeout (`-o idle_timeout=N`, TCP connections only, as memcached's): the sweep closes, sending
/// nothing and counting `idle_kicks`, a connection whose idle clock (`idleSince`) is more than N seconds
/// old. As memcached's `last_cmd_time`, the clock restarts when a request is handled, not when bytes
/// arrive, so a client trickling a line that never ends is closed (slow loris); it also restarts when a
/// data block begins. Beyond memcached: it restarts on no byte of the data block, so a connection that
/// stays inside one data block longer than N seconds is closed too (memcached never closes a connection
/// waiting for value bytes), and a send that makes progress restarts it, so a client reading a long
/// reply slowly is not idle (one that reads nothing is closed, where memcached keeps it).
///
/// TLS (a `-Z` listener): before `.reading` proper, the handshake runs step by step from the same read
/// and write events (SSL_accept never blocks; a stalled or failed handshake costs only this connection).
/// Reads go through SSL_read into the same buffer, writes through SSL_write from the same output buffer.
/// Either may need the other direction (`tlsReadWantsWrite`, `tlsWriteWantsRead`), and decrypted bytes
/// OpenSSL already holds are read without waiting for the socket.
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
        /// Handed to the logger after `watch` (terminal here, like `.closed`; the logger owns the socket).
        case watching = 4

        var memcachedName: String {
            switch self {
            case .reading: return "conn_read"
            case .writing: return "conn_mwrite"
            case .blocked: return "conn_mwrite"
            case .closed: return "conn_closing"
            case .watching: return "conn_watch"
            }
        }
    }

    /// Why a connection closed, as `watch connevents` reports it (memcached's `reason=`).
    enum CloseKind {
        case normal, error, idleTimeout, shutdown

        var name: StaticString {
            switch self {
            case .normal: "normal"
            case .error: "error"
            case .idleTimeout: "idle_timeout"
            case .shutdown: "shutdown"
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
    /// The owning worker's buffer pool and accounting (same lifetime as `worker`).
    private let memory: ConnectionMemory
    private let clock: EngineClock
    private let outputHighWater: Int
    private let requestsPerEvent: Int
    let info: ConnectionInfo
    /// The client's address and port, for `watch connevents` (`rip=`, `rport=`; "unix" and 0 for a unix
    /// socket).
    private let peerHost: [UInt8]
    private let peerPort: Int
    private let session: ProtocolSession
    /// A `let` (shrunk in place when idle, never replaced), so passing it to the session needs no
    /// retain/release around the call.
    private let output: OutputBuffer
    // Touched only by the owning worker thread and never re-entrantly (ReadBuffer's methods call no
    // Connection code), so it opts out of dynamic exclusivity checks, which cost a runtime call per
    // access on every request.
    @exclusivity(unchecked) private var input: ReadBuffer
    private var state: State = .reading {
        didSet {
            info.state.store(state.rawValue, ordering: .relaxed)
            // -vvv: memcached's state-change lines, for the states this connection really changes between
            // (named after memcached's nearest state; it has more of them, README, compatibility).
            if ServerLog.enabled(3) && oldValue.memcachedName != state.memcachedName {
                ServerLog.log(3, "\(fd): going from \(oldValue.memcachedName) to \(state.memcachedName)")
            }
        }
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
    /// Engine-clock second of the last read or send (a quiet connection's buffers are trimmed).
    private(set) var lastActive: UInt32
    /// Engine-clock second the idle clock (-o idle_timeout) counts from: the connection's start, the last
    /// request handled, the start of the data block it is inside, or the last send that made progress.
    private(set) var idleSince: UInt32
    /// `session.completedRequests` when the idle clock was last restarted.
    private var requestsSeen: UInt64 = 0
    /// The last `process` call ended inside a data block.
    private var wasInsideDataBlock = false
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
        memory = worker.memory
        clock = server.engine.clock
        outputHighWater = server.configuration.outputHighWater
        requestsPerEvent = server.configuration.requestsPerEvent
        let peer = Sockets.peerEndpoint(fd, transport: transport)
        info = ConnectionInfo(
            fd: fd, peer: Sockets.text(host: peer.host, port: peer.port, transport: transport),
            listenAddress: listenAddress)
        peerHost = Array(peer.host.utf8)
        peerPort = peer.port
        session = ProtocolSession(
            engine: server.engine, context: worker.context, settings: server.protocolSettings, hooks: server,
            telemetry: worker.telemetry)
        session.clientFD = fd
        output = OutputBuffer(initialCapacity: 0)
        output.pauseThreshold = server.configuration.outputHighWater
        output.blockSource = { [memory] in
            guard let block = memory.takeOutputBlock() else { return nil }
            return (block, memory.blockSize)
        }
        input = ReadBuffer(
            initialCapacity: server.configuration.initialReadBufferSize,
            maxCapacity: server.maxReadBufferSize)
        lastActive = server.engine.clock.now
        idleSince = lastActive
        info.lastCommand.store(lastActive, ordering: .relaxed)
    }

    /// Nothing in flight: no buffered input (not even part of a request), no reply waiting to be sent,
    /// no resume pending. A stopping worker closes such connections at once (Worker.swift).
    var isQuiescent: Bool {
        state == .reading && input.readable == 0 && output.isEmpty && !resumeNeeded && !resumeScheduled
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
        logConnectionEvent(closing: nil)
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
            c.releaseEmptyBuffers()
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
        if !input.hasStorage {
            guard let block = memory.takeReadBlock() else {
                // memcached: no read buffer, so the connection is closed (unread bytes make it a reset).
                memory.countReadOutOfMemory()
                close(reason: "no read buffer memory left (read_buf_mem_limit)")
                return
            }
            input.attach(block, capacity: memory.blockSize)
        }
        if input.isFull {
            // Only an incomplete request that needs more room justifies growing; complete requests
            // waiting for their turn (yield) are processed first.
            if wantsMoreData {
                guard growInput() else { return }
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
                prepareOutput()
                let capacityBefore = output.allocatedCapacity
                info.parsing.store(true, ordering: .relaxed)
                worker.logSink.clientFD = fd
                let step = session.process(
                    input.unconsumed, output: output, maxRequests: requestsPerEvent)
                info.parsing.store(false, ordering: .relaxed)
                guard accountOutput(since: capacityBefore) else { return }
                input.consume(step.consumed)
                restartIdleClockAfterRequests()
                switch step.action {
                case .needMoreData:
                    wantsMoreData = input.readable > 0
                    resumeNeeded = false
                    // (An input with no block lent, as after a streamed reply, is empty, not full.)
                    if wantsMoreData && input.isFull {
                        // One request fills the whole buffer: make room for the rest of it now, so the
                        // next readable event can read it.
                        guard growInput() else { return }
                    }
                case .yield:
                    wantsMoreData = false
                    resumeNeeded = true
                    WorkerCounters.bump(counters.connYields, by: 1)
                case .continueAfterWrite:
                    wantsMoreData = false
                    resumeNeeded = true
                case .close:
                    if let request = session.crossProtocolRequest {
                        closeCrossProtocol(request)
                        return
                    }
                    _ = flush()
                    close(reason: nil, kind: session.closedOnError ? .error : .normal)
                    return
                case .watch(let streams):
                    if becomeWatcher(streams) { return }
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

    // MARK: - memory

    /// Tells the output buffer how far it may grow under the limit. It gets a block from the worker's pool
    /// only when the session writes (`blockSource`), so a partial request takes no response memory.
    @inline(__always)
    private func prepareOutput() {
        if memory.limit > 0 { output.capacityLimit = output.allocatedCapacity &+ memory.available }
    }

    /// After the session ran: records the block the output buffer took or how much it grew, and the
    /// replies it refused. Returns false (having closed the connection) when the worker's share of the
    /// limit had no block for a reply (memcached closes a connection it cannot give a response object), or
    /// a reply grew the worker past it.
    @inline(__always)
    private func accountOutput(since capacityBefore: Int) -> Bool {
        if output.refusedResponses != 0 {
            memory.countResponseOutOfMemory(output.refusedResponses)
            output.refusedResponses = 0
        }
        let capacityAfter = output.allocatedCapacity
        guard capacityAfter != capacityBefore else { return true }
        memory.outputResized(from: capacityBefore, to: capacityAfter)
        if memory.limit > 0 && memory.held > memory.limit {
            memory.countResponseOutOfMemory()
            close(reason: "no response memory left (read_buf_mem_limit)")
            return false
        }
        return true
    }

    /// Grows the read buffer for a request that does not fit (or compacts it). Under a limit it grows as
    /// far as the worker's share allows while keeping one block for the reply. Returns false (having
    /// closed the connection) at the size cap or when the share has no room left.
    private func growInput() -> Bool {
        let before = input.capacity
        let target = input.growthTarget
        var ceiling = Int.max
        if target > before && memory.limit > 0 {
            ceiling = before &+ memory.available &- memory.blockSize
            if ceiling <= before {
                memory.countReadOutOfMemory()
                close(reason: "no read buffer memory left for a larger request (read_buf_mem_limit)")
                return false
            }
        }
        guard input.grow(upTo: ceiling) else {
            close(reason: "request larger than \(input.maxCapacity) bytes")
            return false
        }
        if input.capacity != before { memory.readResized(by: input.capacity &- before) }
        return true
    }

    /// After every event: an empty buffer of one block goes back to the worker's pool. Without a limit,
    /// grown ones wait for the 1 s sweep, so a run of large requests does not reallocate each time; under
    /// a limit they are freed at once, since other connections may need the room.
    @inline(__always)
    private func releaseEmptyBuffers() {
        guard state != .closed else { return }
        if input.readable == 0 && (input.capacity == memory.blockSize || (memory.limit > 0 && input.hasStorage)) {
            let block = input.detach()
            memory.returnRead(block.pointer, capacity: block.capacity)
        }
        if output.isEmpty && (output.allocatedCapacity == memory.blockSize || memory.limit > 0),
            let block = output.detach()
        {
            memory.returnOutput(block.pointer, capacity: block.capacity)
        }
    }

    /// Restarts the idle clock when the session handled a request, or entered a data block, since the
    /// last call (bytes of a line or of the same data block do not restart it).
    @inline(__always)
    private func restartIdleClockAfterRequests() {
        let completed = session.completedRequests
        let insideDataBlock = session.isInsideDataBlock
        if completed != requestsSeen || (insideDataBlock && !wasInsideDataBlock) {
            requestsSeen = completed
            idleSince = clock.now
            info.lastCommand.store(idleSince, ordering: .relaxed)
        }
        wasInsideDataBlock = insideDataBlock
    }

    /// The session met a request in another protocol: what memcached would still have sent of earlier
    /// replies goes out (the session already dropped the rest), then the connection closes and is counted.
    private func closeCrossProtocol(_ request: CrossProtocolRequest) {
        WorkerCounters.bump(counters.crossProtocolCloses, by: 1)
        _ = flush()
        switch request {
        case .http:
            close(reason: nil, kind: .error)  // memcached logs only "<fd connection closed." (-vv)
        case .binary:
            close(reason: "binary protocol request (only the text protocol is served)")
        }
    }

    /// True when `-o idle_timeout` applies and the idle clock is more than `timeout` seconds old at `now`.
    func isIdle(now: UInt32, timeout: UInt32) -> Bool {
        transport == .tcp && now > idleSince && now &- idleSince > timeout
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
                idleSince = lastActive
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

    /// Called by the worker's 1 s timer for connections quiet for at least a second: a big request or
    /// response must not pin its buffer for the life of the connection (memcached's conn_shrink). Empty
    /// buffers go back to the pool; a grown read buffer holding only the start of the next request is
    /// swapped for a block.
    func releaseIdleMemory() {
        guard state != .closed else { return }
        if output.isEmpty, let block = output.detach() {
            memory.returnOutput(block.pointer, capacity: block.capacity)
        }
        if input.hasStorage && input.readable == 0 {
            let block = input.detach()
            memory.returnRead(block.pointer, capacity: block.capacity)
        } else if input.capacity > memory.blockSize && input.readable <= memory.blockSize / 2,
            let block = memory.takeReadBlock()
        {
            let kept = input.readable
            if let bytes = input.unconsumed.baseAddress { memcpy(block, bytes, kept) }
            let grown = input.detach()
            memory.returnRead(grown.pointer, capacity: grown.capacity)
            input.attach(block, capacity: memory.blockSize)
            input.commitRead(kept)
        }
    }

    // MARK: - closing

    /// True once closed.
    var isClosed: Bool { state == .closed }

    /// Closes the connection: frees its events and buffer, closes the fd, and releases the retain held
    /// for the event callbacks. Idempotent. `kind` is what `watch connevents` reports (by default an
    /// error when there is a `reason`, else normal).
    func close(reason: String?, kind: CloseKind? = nil) {
        guard state != .closed && state != .watching else { return }
        if let reason {
            ServerLog.log(1, "<\(fd) connection closed: \(reason)")
        } else {
            ServerLog.log(2, "<\(fd) connection closed.")
        }
        logConnectionEvent(closing: kind ?? (reason == nil ? .normal : .error))
        release(becoming: .closed)
        tls?.shutdown()
        _ = posixClose(fd)
        worker.connectionClosed(self)
        releaseEventReference()
    }

    /// `watch`: hands the socket (and its TLS session) to the server's logger, with what is still queued
    /// and memcached's "OK" to send first. Returns false when the logger refused (20 watchers already):
    /// then the connection stays as it was, with memcached's reply queued.
    private func becomeWatcher(_ streams: WatchStreams) -> Bool {
        var initial: [UInt8] = []
        output.withReadableBytes { initial.append(contentsOf: $0) }
        initial.append(contentsOf: "OK\r\n".utf8)
        let result = initial.withUnsafeBytes {
            worker.server.logger.addWatcher(fd: fd, tls: tls, info: info, streams: streams, initial: $0)
        }
        guard result == .added else {
            output.append("WATCHER_TOO_MANY log watcher limit reached\r\n")
            return false
        }
        output.removeAll()
        release(becoming: .watching)
        worker.connectionHandedOver(self)
        releaseEventReference()
        return true
    }

    /// `watch connevents`: memcached's conn_new (`closing` nil) or conn_close line for this connection.
    func logConnectionEvent(closing: CloseKind?) {
        let sink = worker.logSink
        guard sink.gate.wants(.connevents) else { return }
        let (address, port) = (peerHost, peerPort)
        let local = transport == .unix
        let fd = self.fd
        sink.log(.connevents) { line in
            line.text(closing == nil ? "type=conn_new rip=" : "type=conn_close rip=")
            address.withUnsafeBytes { line.raw($0) }
            line.field(" rport=", UInt64(port))
            line.text(local ? " transport=local" : " transport=tcp")
            if let closing {
                line.text(" reason=")
                line.text(closing.name)
            }
            line.field(" cfd=", Int64(fd))
        }
    }

    /// Frees the events and buffers and enters `final` (`.closed` or `.watching`).
    private func release(becoming final: State) {
        state = final
        for ev in [readEvent, writeEvent, resumeEvent] where ev != nil {
            event_free(ev)
        }
        readEvent = nil
        writeEvent = nil
        resumeEvent = nil
        readArmed = false
        writeArmed = false
        if let block = output.detach() { memory.returnOutput(block.pointer, capacity: block.capacity) }
        if input.hasStorage {
            let block = input.detach()
            memory.returnRead(block.pointer, capacity: block.capacity)
        }
    }

    /// Drops the reference the event callbacks held (after the callback running now, if any).
    private func releaseEventReference() {
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
