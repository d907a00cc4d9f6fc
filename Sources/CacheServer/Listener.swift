// Listener: the accept thread. It owns the TCP and unix listening sockets on its own event base, accepts
// in batches, enforces -c (memcached's "ERROR Too many open connections" refusal, or pausing accepts
// without -o maxconns_fast), sets TCP_NODELAY and hands sockets to the workers round-robin.
import CLibevent
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The accept loop.
///
/// Thread rule: everything except `wake()` and `isPaused` is touched only by the listener thread once it
/// runs; hence `@unchecked Sendable`.
final class Listener: @unchecked Sendable {
    private final class Endpoint {
        let socket: BoundSocket
        unowned let listener: Listener
        var event: OpaquePointer? = nil
        init(socket: BoundSocket, listener: Listener) {
            self.socket = socket
            self.listener = listener
        }
    }

    unowned let server: CacheServer
    let base: OpaquePointer
    private let notifyFD: Int32
    private var notifyEvent: OpaquePointer? = nil
    private var retryTimer: OpaquePointer? = nil
    private var clockTimer: OpaquePointer? = nil
    private var endpoints: [Endpoint] = []
    private var nextWorker = 0
    private var thread: PosixThread? = nil
    /// Accepting is paused (at the connection limit without maxconns_fast, or out of fds).
    let paused = Atomic<Bool>(false)
    private var pausedSince = timespec()

    /// Accepts handled per readable event before the loop looks at other events.
    static let acceptsPerEvent = 64

    init(server: CacheServer, sockets: [BoundSocket]) throws(ServerError) {
        self.server = server
        guard let base = event_base_new() else { throw .libevent("event_base_new") }
        self.base = base
        notifyFD = try eventfdCreate(freeingOnFailure: base)
        endpoints = sockets.map { Endpoint(socket: $0, listener: self) }
    }

    deinit {
        for endpoint in endpoints where endpoint.event != nil { event_free(endpoint.event) }
        if let notifyEvent { event_free(notifyEvent) }
        if let retryTimer { event_free(retryTimer) }
        if let clockTimer { event_free(clockTimer) }
        event_base_free(base)
        close(notifyFD)
    }

    func start() throws(ServerError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        notifyEvent = event_new(
            base, notifyFD, Int16(EV_READ | EV_PERSIST),
            { _, _, arg in Unmanaged<Listener>.fromOpaque(arg!).takeUnretainedValue().onNotify() }, me)
        retryTimer = event_new(
            base, -1, 0,
            { _, _, arg in Unmanaged<Listener>.fromOpaque(arg!).takeUnretainedValue().onRetryTimer() }, me)
        guard notifyEvent != nil, retryTimer != nil, event_add(notifyEvent, nil) == 0 else {
            throw .libevent("listener events")
        }
        if server.configuration.tickClock {
            clockTimer = event_new(
                base, -1, Int16(EV_PERSIST),
                { _, _, arg in Unmanaged<Listener>.fromOpaque(arg!).takeUnretainedValue().server.engine.clock.tick() },
                me)
            var second = timeval(tv_sec: 1, tv_usec: 0)
            guard clockTimer != nil, swiftcached_evtimer_add(clockTimer, &second) == 0 else {
                throw .libevent("clock timer")
            }
        }
        for endpoint in endpoints {
            endpoint.event = event_new(
                base, endpoint.socket.fd, Int16(EV_READ | EV_PERSIST),
                { _, _, arg in
                    let endpoint = Unmanaged<Endpoint>.fromOpaque(arg!).takeUnretainedValue()
                    endpoint.listener.onAcceptable(endpoint)
                }, Unmanaged.passUnretained(endpoint).toOpaque())
            guard endpoint.event != nil, event_add(endpoint.event, nil) == 0 else {
                throw .libevent("listen event")
            }
        }
        thread = try PosixThread(name: "mc-listener") { [self] in self.run() }
    }

    private func run() {
        while !server.isStopping {
            if event_base_loop(base, 0) != 0 { break }
        }
    }

    func join() { thread?.join() }

    /// Wakes the listener (stop, or a connection closed while accepting is paused).
    func wake() {
        eventfdSignal(notifyFD)
    }

    private func onNotify() {
        eventfdDrain(notifyFD)
        if server.isStopping {
            event_base_loopbreak(base)
            return
        }
        if paused.load(ordering: .relaxed) && !atLimit() { resume() }
    }

    private func onRetryTimer() {
        if paused.load(ordering: .relaxed) {
            if atLimit() && !server.configuration.maxConnsFast {
                schedule(retryAfterMicros: 10_000)
            } else {
                resume()
            }
        }
    }

    private func atLimit() -> Bool {
        server.connectionCounters.current.load(ordering: .relaxed) >= server.configuration.maxConnections
    }

    private func onAcceptable(_ endpoint: Endpoint) {
        let configuration = server.configuration
        let counters = server.connectionCounters
        for _ in 0..<Self.acceptsPerEvent {
            if !configuration.maxConnsFast && atLimit() {
                pause()
                schedule(retryAfterMicros: 10_000)
                return
            }
            // accept4 needs _GNU_SOURCE, which the Glibc module does not see; accept + one fcntl instead.
            let fd = accept(endpoint.socket.fd, nil, nil)
            if fd < 0 {
                let err = errno
                if err == EAGAIN || err == EWOULDBLOCK || err == EINTR || err == ECONNABORTED { return }
                if err == EMFILE || err == ENFILE {
                    ServerLog.log(1, "Too many open connections")
                    pause()
                    schedule(retryAfterMicros: 10_000)
                    return
                }
                ServerLog.log(1, "accept(): \(String(cString: strerror(err)))")
                return
            }
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            if atLimit() {
                // memcached's maxconns_fast: tell the client and hang up.
                _ = counters.rejected.wrappingAdd(1, ordering: .relaxed)
                Sockets.writeBestEffort(fd, "ERROR Too many open connections\r\n")
                close(fd)
                ServerLog.log(1, "Too many open connections")
                continue
            }
            if endpoint.socket.transport == .tcp { Sockets.setNoDelay(fd) }
            _ = counters.opened()
            _ = counters.total.wrappingAdd(1, ordering: .relaxed)
            let workers = server.workers
            let worker = workers[nextWorker]
            nextWorker = nextWorker + 1 == workers.count ? 0 : nextWorker + 1
            worker.enqueue(
                PendingConnection(
                    fd: fd, transport: endpoint.socket.transport, listenAddress: endpoint.socket.address,
                    tls: endpoint.socket.tls))
        }
    }

    private func schedule(retryAfterMicros micros: Int) {
        var tv = timeval(tv_sec: micros / 1_000_000, tv_usec: Int(micros % 1_000_000))
        _ = swiftcached_evtimer_add(retryTimer, &tv)
    }

    private func pause() {
        guard !paused.load(ordering: .relaxed) else { return }
        paused.store(true, ordering: .relaxed)
        server.connectionCounters.accepting.store(0, ordering: .relaxed)
        _ = server.connectionCounters.listenDisabled.wrappingAdd(1, ordering: .relaxed)
        clock_gettime(CLOCK_MONOTONIC, &pausedSince)
        for endpoint in endpoints { event_del(endpoint.event) }
        ServerLog.log(1, "Accepting paused at \(server.configuration.maxConnections) connections")
    }

    private func resume() {
        guard paused.load(ordering: .relaxed) else { return }
        paused.store(false, ordering: .relaxed)
        server.connectionCounters.accepting.store(1, ordering: .relaxed)
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = (now.tv_sec - pausedSince.tv_sec) * 1_000_000 + (now.tv_nsec - pausedSince.tv_nsec) / 1000
        _ = server.connectionCounters.listenDisabledMicros.wrappingAdd(UInt64(max(0, micros)), ordering: .relaxed)
        for endpoint in endpoints { event_add(endpoint.event, nil) }
    }
}
