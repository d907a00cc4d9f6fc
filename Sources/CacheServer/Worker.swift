// Worker: one thread with its own libevent base. It receives accepted sockets from the listener through
// a mutex-protected queue plus an eventfd wake-up, drives their Connections, serves its share of UDP
// datagrams, closes idle connections (-o idle_timeout) and trims buffers of quiet connections (its
// ConnectionMemory lends them).
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

/// A socket accepted by the listener, on its way to a worker.
struct PendingConnection: Sendable {
    var fd: Int32
    var transport: Transport
    var listenAddress: String
    /// Accepted on a TLS listener (-Z without `notls:`).
    var tls: Bool = false
}

/// A worker thread and everything it owns.
///
/// Thread rule: `base`, `connections`, the UDP endpoints and `context` are touched only by the worker's
/// own thread once it runs (they are set up before the thread starts). Other threads only call
/// `enqueue(_:)` and `wake()` (mutex + eventfd) and read `counters` (atomics). Hence `@unchecked Sendable`.
final class Worker: @unchecked Sendable {
    let index: Int
    /// `unowned(unsafe)`: the server owns its workers and joins them before it can be released.
    unowned(unsafe) let server: CacheServer
    let base: OpaquePointer
    let context: WorkerContext
    /// What this worker's sessions record for `watch`, `stats latency` and `stats hotkeys`.
    let telemetry: WorkerTelemetry
    /// This worker's buffer of `watch` lines (WatchLogger.swift), also its engine context's event sink.
    let logSink: LogSink
    let counters = WorkerCounters()
    /// Buffers of this worker's connections: pool, accounting and its share of `-o read_buf_mem_limit`.
    let memory: ConnectionMemory
    private let notifyFD: Int32
    private var notifyEvent: OpaquePointer? = nil
    private var idleTimer: OpaquePointer? = nil
    /// Graceful stop: ticks every 10 ms, closing connections with nothing in flight, until none is left
    /// or `drainDeadline` (CLOCK_MONOTONIC µs) has passed.
    private var drainTimer: OpaquePointer? = nil
    private var drainDeadline = 0
    /// How long a stopping worker lets requests in flight finish (a request partly received, a reply
    /// not yet sent) before it closes their connections anyway.
    static let drainMicroseconds = 2_000_000
    private let incoming = PthreadLocked<[PendingConnection]>([])
    private var connections: [Int32: Connection] = [:]
    private var udpEndpoints: [UDPEndpoint] = []
    private var thread: PosixThread? = nil

    init(index: Int, server: CacheServer) throws(ServerError) {
        self.index = index
        self.server = server
        guard let base = event_base_new() else { throw .libevent("event_base_new") }
        self.base = base
        notifyFD = try eventfdCreate(freeingOnFailure: base)
        context = server.engine.makeWorkerContext()
        logSink = server.logger.workerSinks[index]
        context.eventSink = logSink
        telemetry = WorkerTelemetry(
            latencyHistograms: server.configuration.latencyHistograms,
            hotKeys: server.configuration.hotKeys
                ? HotKeyRecorder(
                    sampleInterval: server.configuration.hotKeysSample, seed: UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
                )
                : nil)
        memory = ConnectionMemory(
            blockSize: server.configuration.initialReadBufferSize,
            totalLimit: server.configuration.readBufMemLimit, threads: server.configuration.threads)
    }

    deinit {
        if let notifyEvent { event_free(notifyEvent) }
        if let idleTimer { event_free(idleTimer) }
        if let drainTimer { event_free(drainTimer) }
        event_base_free(base)
        close(notifyFD)
    }

    /// Registers the wake-up event, the UDP sockets and the idle timer, then starts the thread.
    func start(udpSockets: [BoundSocket]) throws(ServerError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        notifyEvent = event_new(
            base, notifyFD, Int16(EV_READ | EV_PERSIST),
            { _, _, arg in Unmanaged<Worker>.fromOpaque(arg!).takeUnretainedValue().onNotify() }, me)
        guard notifyEvent != nil, event_add(notifyEvent, nil) == 0 else { throw .libevent("notify event") }
        for socket in udpSockets {
            let endpoint = UDPEndpoint(socket: socket, worker: self)
            guard endpoint.register() else { throw .libevent("udp event") }
            udpEndpoints.append(endpoint)
        }
        // The 1 s sweep runs for every server: idle timeout (if set) and trimming quiet connections' buffers.
        idleTimer = event_new(
            base, -1, Int16(EV_PERSIST),
            { _, _, arg in Unmanaged<Worker>.fromOpaque(arg!).takeUnretainedValue().onIdleTimer() }, me)
        var second = timeval(tv_sec: 1, tv_usec: 0)
        guard idleTimer != nil, swiftcached_evtimer_add(idleTimer, &second) == 0 else {
            throw .libevent("idle timer")
        }
        thread = try PosixThread(name: "mc-worker-\(index)") { [self] in self.run() }
    }

    private func run() {
        while !server.isStopping {
            if event_base_loop(base, 0) != 0 { break }
        }
        // Stopping: close everything this thread owns while its base still exists.
        for connection in Array(connections.values) { connection.close(reason: nil, kind: .shutdown) }
        for endpoint in udpEndpoints { endpoint.unregister() }
        udpEndpoints.removeAll()
        let leftovers = incoming.withLock { queue in
            let taken = queue
            queue.removeAll()
            return taken
        }
        for pending in leftovers {
            close(pending.fd)
            _ = server.connectionCounters.current.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    /// Waits for the thread to end (after `server.requestStop()`).
    func join() { thread?.join() }

    /// Called by the listener thread: queue an accepted socket and wake this worker.
    func enqueue(_ pending: PendingConnection) {
        incoming.withLock { $0.append(pending) }
        wake()
    }

    /// Makes the worker's event loop run `onNotify` (new connections or stop).
    func wake() {
        eventfdSignal(notifyFD)
    }

    private func onNotify() {
        eventfdDrain(notifyFD)
        if server.isStopping {
            startDraining()
            return
        }
        let batch = incoming.withLock { queue in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for pending in batch {
            var stream: TLSStream? = nil
            if pending.tls {
                guard let context = server.tlsContext, let ssl = context.makeSSL(fd: pending.fd) else {
                    ServerLog.log(1, "<\(pending.fd) TLS session could not be created; closing")
                    close(pending.fd)
                    server.connectionDidClose()
                    continue
                }
                stream = TLSStream(ssl: ssl, writeChunk: context.settings.writeBufferSize)
            }
            let connection = Connection(
                fd: pending.fd, transport: pending.transport, listenAddress: pending.listenAddress, worker: self,
                tls: stream)
            connections[pending.fd] = connection
            server.register(connection.info)
            if ServerLog.enabled(2) {
                // memcached's wording for its negotiating and ascii-only connections.
                let ascii = server.configuration.bindingProtocol == "ascii"
                ServerLog.log(
                    2,
                    ascii
                        ? "<\(pending.fd) new ascii client connection."
                        : "<\(pending.fd) new auto-negotiating client connection")
            }
            _ = connection.start()
        }
    }

    /// Graceful stop (any stop: SIGTERM, SIGINT, SIGUSR1, `shutdown`): no new connection is taken (the
    /// listener has stopped), UDP stops at once, connections with nothing in flight close now, and the
    /// others may finish what they have started (the rest of a request, the sending of its reply) for up to
    /// `drainMicroseconds`; then the loop ends and `run` closes whatever is left.
    private func startDraining() {
        guard drainTimer == nil else { return }
        for endpoint in udpEndpoints { endpoint.unregister() }
        udpEndpoints.removeAll()
        drainDeadline = EngineClock.monotonicMicroseconds() + Worker.drainMicroseconds
        let me = Unmanaged.passUnretained(self).toOpaque()
        drainTimer = event_new(
            base, -1, Int16(EV_PERSIST),
            { _, _, arg in Unmanaged<Worker>.fromOpaque(arg!).takeUnretainedValue().onDrainTick() }, me)
        var tick = timeval(tv_sec: 0, tv_usec: 10_000)
        if drainTimer == nil || swiftcached_evtimer_add(drainTimer, &tick) != 0 {
            event_base_loopbreak(base)
            return
        }
        onDrainTick()
    }

    private func onDrainTick() {
        for connection in Array(connections.values) where connection.isQuiescent {
            connection.close(reason: nil, kind: .shutdown)
        }
        if connections.isEmpty || EngineClock.monotonicMicroseconds() >= drainDeadline {
            event_base_loopbreak(base)
        }
    }

    /// Bookkeeping when a connection closes (called by `Connection.close`).
    func connectionClosed(_ connection: Connection) {
        connections[connection.fd] = nil
        server.unregister(connection.info)
        server.connectionDidClose()
    }

    /// A `watch` connection went to the logger: it is no longer this worker's, but still open.
    func connectionHandedOver(_ connection: Connection) {
        connections[connection.fd] = nil
    }

    /// Once a second: close connections idle longer than `-o idle_timeout` (0 = never; see `Connection`
    /// for what restarts the idle clock), counting `idle_kicks`, and give back the buffer memory of
    /// connections that have been quiet for a second after a large request or response.
    private func onIdleTimer() {
        let timeout = server.configuration.idleTimeout
        let limit = UInt32(clamping: timeout)
        let now = server.engine.clock.now
        var idle: [Connection] = []
        for connection in connections.values {
            if timeout > 0 && connection.isIdle(now: now, timeout: limit) {
                idle.append(connection)
            } else if connection.lastActive < now {
                connection.releaseIdleMemory()
            }
        }
        for connection in idle {
            WorkerCounters.bump(counters.idleKicks, by: 1)
            ServerLog.log(2, "Closing idle fd \(connection.fd)")
            connection.close(reason: nil, kind: .idleTimeout)
        }
    }
}
