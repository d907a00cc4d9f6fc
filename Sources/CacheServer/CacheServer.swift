// CacheServer: the public server object. It binds the listening sockets, starts the listener and worker
// threads, stops them cleanly, and answers the protocol's ServerHooks (server-side `stats`,
// `stats settings`, `stats conns`, verbosity, shutdown, `stats reset`).
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

/// A memcached-compatible network server in front of a ``CacheEngine``.
///
/// ```swift
/// let server = try CacheServer(configuration: configuration, engine: engine)
/// try server.start()
/// // ... from a signal handler thread: server.requestStop()
/// server.waitUntilStopped()
/// ```
///
/// Threads: one listener thread accepts (TCP on every `-l` address, or the unix socket) and hands sockets
/// round-robin to `configuration.threads` workers, each running its own libevent loop. UDP datagrams are
/// read by the workers directly.
///
/// Thread safety: `start()`, `stop()` and `waitUntilStopped()` are for the owning (main) thread;
/// `requestStop()` and the ``ServerHooks`` methods may be called from any thread. Never call `stop()`
/// from a server thread (it joins them).
public final class CacheServer: @unchecked Sendable {
    /// The version string reported by `version` and `stats` unless the configuration overrides it: the
    /// memcached release swiftcached is compatible with (clients and proxies parse it).
    public static let defaultVersion = "1.6.18"
    /// swiftcached's own version, printed by `swiftcached -V` beside `defaultVersion`.
    public static let swiftcachedVersion = "0.1.0"

    public let configuration: ServerConfiguration
    public let engine: CacheEngine
    /// The largest a connection's read buffer may grow (from the engine's item size limit).
    let maxReadBufferSize: Int
    let protocolSettings: ProtocolSettings

    /// Set once; read by every event loop.
    private let stopping = Atomic<Bool>(false)
    /// The signal that stopped the server (SignalHandling.swift).
    let stopSignalReceived = Atomic<Int32>(0)
    private let started = Atomic<Bool>(false)
    private let lifecycle = PthreadLocked<Bool>(false)  // true once joined and cleaned up
    let connectionCounters = ConnectionCounters()
    private let baseline = PthreadLocked(CounterBaseline())
    /// The workers' latency figures at the last `stats reset` (subtracted when they are read).
    let latencyBaseline = PthreadLocked(LatencySnapshot())
    private let registryStore = PthreadLocked<[Int32: ConnectionInfo]>([:])
    /// The configuration as admin commands have changed it since start (`slabs automove`, `lru ...`,
    /// `lru_crawler ...`): what `stats settings` reports.
    let runtimeSettings: PthreadLocked<ServerConfiguration>
    /// Engine-clock second at which the listening sockets were bound (their `secs_since_last_cmd` base).
    let listenersCreatedAt = Atomic<UInt32>(0)

    private(set) var workers: [Worker] = []
    /// `watch`: the sinks workers log into, the watchers and the logger thread (WatchLogger.swift).
    let logger: WatchLogger
    private var listener: Listener? = nil
    /// `-o metrics_port`: the Prometheus endpoint (CacheServer+Metrics.swift), nil when off.
    var metricsEndpoint: MetricsEndpoint? = nil
    /// Extra metric families for the endpoint (``addMetricsProvider(_:)``).
    let metricsProviders = PthreadLocked<[MetricsProvider]>([])
    private(set) var listenSockets: [BoundSocket] = []
    private(set) var udpSockets: [BoundSocket] = []
    private var unixPath: String? = nil

    /// Called for `shutdown` when `-A` is on; defaults to ``requestStop()``.
    public let shutdownHandler: (@Sendable (_ graceful: Bool) -> Void)?
    /// The TLS context when `configuration.tls.enabled` (given to `init`, or made by `start()`).
    private(set) var tlsContext: TLSContext?

    /// Creates a server; nothing is bound until ``start()``. With `credentials` (memcached's `-Y`), every
    /// connection must authenticate before its commands run.
    public init(
        configuration: ServerConfiguration, engine: CacheEngine,
        credentials: Credentials? = nil,
        shutdownHandler: (@Sendable (_ graceful: Bool) -> Void)? = nil, tlsContext: TLSContext? = nil
    ) {
        var configuration = configuration
        configuration.threads = max(1, configuration.threads)
        configuration.requestsPerEvent = max(1, configuration.requestsPerEvent)
        self.configuration = configuration
        self.runtimeSettings = PthreadLocked(configuration)
        self.engine = engine
        self.maxReadBufferSize = ServerConfiguration.maxReadBufferSize(itemSizeMax: engine.configuration.itemSizeMax)
        self.shutdownHandler = shutdownHandler
        self.tlsContext = configuration.tls.enabled ? tlsContext : nil
        var settings = ProtocolSettings()
        settings.versionString = configuration.version
        settings.shutdownEnabled = configuration.shutdownEnabled
        settings.flushEnabled = configuration.flushEnabled
        settings.watchEnabled = configuration.watchEnabled
        settings.maxMultiGetLineLength = maxReadBufferSize
        settings.credentials = credentials
        protocolSettings = settings
        logger = WatchLogger(
            workers: configuration.threads, workerBufferSize: configuration.workerLogbufSize,
            watcherBufferSize: configuration.watcherLogbufSize, itemEvents: engine.itemEvents)
        ServerLog.verbosity = configuration.verbosity
        logger.onWatcherClosed = { [unowned(unsafe) self] info in
            self.unregister(info)
            self.connectionDidClose()
        }
        engine.systemEventSink.withLock { $0 = logger.systemSink }
        logger.refreshItemEvents()
    }

    /// True once a stop was requested.
    @inline(__always) var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Bound TCP ports (useful with ``ServerConfiguration/ephemeralPort``).
    public var tcpPorts: [Int] { listenSockets.filter { $0.transport == .tcp }.map(\.port) }
    /// Bound UDP ports.
    public var udpPorts: [Int] { udpSockets.map(\.port) }
    /// Printable addresses of every bound socket (`tcp:127.0.0.1:11211`, `unix:/path`, ...).
    public var boundAddresses: [String] { (listenSockets + udpSockets).map(\.address) }

    // MARK: - lifecycle

    /// Binds the sockets and starts the listener and worker threads.
    public func start() throws(ServerError) {
        guard !started.exchange(true, ordering: .relaxed) else { throw .configuration("server already started") }
        if protocolSettings.credentials != nil && configuration.udpPort != 0 && configuration.unixSocketPath == nil {
            throw .configuration("Cannot use UDP with ascii authentication enabled (-U 0 to disable)")
        }
        signal(SIGPIPE, SIG_IGN)
        if configuration.tls.enabled && tlsContext == nil {
            do {
                tlsContext = try TLSContext(settings: configuration.tls)
            } catch {
                throw .configuration(error.description)
            }
        }
        do {
            try bindSockets()
            listenersCreatedAt.store(engine.clock.now, ordering: .relaxed)
            for index in 0..<configuration.threads {
                workers.append(try Worker(index: index, server: self))
            }
            for worker in workers { try worker.start(udpSockets: udpSockets) }
            if let threshold = hotKeysThreshold {
                logger.hotKeyThreshold = threshold
                logger.hotKeySource = { [unowned(unsafe) self] in self.hotKeys(limit: 100) }
            }
            try logger.start()
            let listener = try Listener(server: self, sockets: listenSockets)
            self.listener = listener
            try listener.start()
            if configuration.latencyHistograms {
                addMetricsProvider { [weak self] in self.map { LatencyMetrics.families($0.latencyStatistics()) } ?? [] }
            }
            try startMetricsEndpoint()
        } catch {
            requestStop()
            waitUntilStopped()
            throw error
        }
        // memcached's lines: the binding protocol for stream listeners, one line per worker for UDP.
        for socket in listenSockets {
            ServerLog.log(2, "<\(socket.fd) server listening (\(configuration.bindingProtocol))")
        }
        for socket in udpSockets {
            for _ in workers { ServerLog.log(2, "<\(socket.fd) server listening (udp)") }
        }
    }

    private func bindSockets() throws(ServerError) {
        if let path = configuration.unixSocketPath {
            // memcached: a unix socket turns the network listeners off.
            listenSockets.append(
                try Sockets.bindUnix(path: path, mask: configuration.unixSocketMask, backlog: configuration.backlog))
            unixPath = path
            return
        }
        let entries: [(String?, Int?)] =
            configuration.listenAddresses.isEmpty
            ? [(nil, nil)]
            : try configuration.listenAddresses.map { (entry: String) throws(ServerError) -> (String?, Int?) in
                let (host, port) = Sockets.splitHostPort(try strippingNoTLS(entry))
                return (host, port)
            }
        // memcached: with -Z every TCP listener speaks TLS except the `notls:` ones.
        let tlsFlags =
            configuration.listenAddresses.isEmpty
            ? [configuration.tls.enabled]
            : configuration.listenAddresses.map { configuration.tls.enabled && !$0.hasPrefix(Self.noTLSPrefix) }
        func resolve(_ port: Int) -> Int { port == ServerConfiguration.ephemeralPort ? 0 : port }
        if configuration.tcpPort != 0 {
            for ((host, port), tls) in zip(entries, tlsFlags) {
                var bound = try Sockets.bind(
                    host: host, port: port ?? resolve(configuration.tcpPort), transport: .tcp,
                    backlog: configuration.backlog)
                for index in bound.indices { bound[index].tls = tls }
                listenSockets += bound
            }
        }
        if configuration.udpPort != 0 {
            for (host, _) in entries {
                udpSockets += try Sockets.bind(
                    host: host, port: resolve(configuration.udpPort), transport: .udp, backlog: 0)
            }
        }
        if listenSockets.isEmpty && udpSockets.isEmpty {
            throw .configuration("no listening sockets (TCP and UDP ports are both 0)")
        }
    }

    static let noTLSPrefix = "notls:"

    /// A `-l` entry without its `notls:` prefix, which memcached accepts only with -Z.
    private func strippingNoTLS(_ entry: String) throws(ServerError) -> String {
        guard entry.hasPrefix(Self.noTLSPrefix) else { return entry }
        guard configuration.tls.enabled else {
            throw .configuration("'notls' option is valid only when SSL is enabled")
        }
        return String(entry.dropFirst(Self.noTLSPrefix.count))
    }

    /// Asks every thread to stop; returns at once. Safe from any thread, including server threads and
    /// signal-handling threads.
    public func requestStop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        listener?.wake()
        metricsEndpoint?.wake()
        for worker in workers { worker.wake() }
    }

    /// Waits until the threads have stopped (after ``requestStop()``), then closes the listening sockets.
    public func waitUntilStopped() {
        lifecycle.withLock { done in
            guard !done else { return }
            listener?.join()
            metricsEndpoint?.join()
            metricsEndpoint?.closeListeners()
            for worker in workers { worker.join() }
            logger.stop()
            engine.systemEventSink.withLock { $0 = nil }
            for socket in listenSockets + udpSockets { close(socket.fd) }
            if let unixPath { unlink(unixPath) }
            done = true
        }
    }

    /// ``requestStop()`` then ``waitUntilStopped()``.
    public func stop() {
        requestStop()
        waitUntilStopped()
    }

    // MARK: - connection bookkeeping (worker threads)

    func baselineLock<R>(_ body: (inout CounterBaseline) -> R) -> R {
        baseline.withLock { body(&$0) }
    }

    func registry<R>(_ body: (inout [Int32: ConnectionInfo]) -> R) -> R {
        registryStore.withLock { body(&$0) }
    }

    func register(_ info: ConnectionInfo) {
        registryStore.withLock { $0[info.fd] = info }
    }

    func unregister(_ info: ConnectionInfo) {
        registryStore.withLock { if $0[info.fd] === info { $0[info.fd] = nil } }
    }

    func connectionDidClose() {
        _ = connectionCounters.current.wrappingSubtract(1, ordering: .relaxed)
        if let listener, listener.paused.load(ordering: .relaxed) { listener.wake() }
    }
}
