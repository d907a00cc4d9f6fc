// ServerConfiguration: every setting the swiftcached command line maps onto the server (networking,
// threads, limits, and the values `stats settings` reports), with memcached 1.6.18's defaults. What the
// engine is configured with (-m, -M, -f, -n, -I, -C) lives only in the engine's `EngineConfiguration`.

/// Settings of a ``CacheServer``. Defaults are memcached 1.6.18's.
///
/// Ports: `0` turns a listener off (as memcached's `-p 0` / `-U 0`); ``ServerConfiguration/ephemeralPort``
/// asks the kernel for a free port (tests read it back from ``CacheServer/tcpPorts`` / ``CacheServer/udpPorts``).
public struct ServerConfiguration: Sendable {
    /// Bind to a kernel-chosen free port.
    public static let ephemeralPort = -1

    // ---- listeners
    /// `-p`: TCP port (0 = no TCP).
    public var tcpPort: Int = 11211
    /// `-U`: UDP port (0 = no UDP).
    public var udpPort: Int = 0
    /// `-l`: addresses to listen on (`host`, `host:port`, `[v6]:port`). Empty = every interface.
    public var listenAddresses: [String] = []
    /// `-s`: unix socket path. When set, TCP and UDP are off (as memcached).
    public var unixSocketPath: String? = nil
    /// `-a`: permission bits of the unix socket (octal 700 by default).
    public var unixSocketMask: UInt32 = 0o700
    /// `-b`: listen(2) backlog.
    public var backlog: Int = 1024
    /// `-o metrics_port=<port>`: serve Prometheus metrics (`GET /metrics`) on this TCP port, on the first
    /// `-l` address (loopback without `-l`). 0 = off (the default).
    public var metricsPort: Int = 0
    /// Per-family request latency histograms (`stats latency`, the metrics endpoint); on by default,
    /// `-o no_latency_histograms` turns them off.
    public var latencyHistograms: Bool = true
    /// `-o hotkeys`: each worker samples the keys requests name into a top-K (`stats hotkeys`, the
    /// metrics endpoint's hot-key gauge, `CacheServer.hotKeys(limit:)`). Off by default.
    public var hotKeys: Bool = false
    /// `-o hotkeys_sample=N`: one request in N (on average) is sampled.
    public var hotKeysSample: Int = 16
    /// `-o hotkeys_threshold=R`: requests per second at which `watch hotkeys` announces a key.
    public var hotKeysThreshold: Int = 1000

    // ---- threads and connections
    /// `-t`: worker threads, each with its own event loop.
    public var threads: Int = 4
    /// `-c`: maximum simultaneous client connections.
    public var maxConnections: Int = 1024
    /// `-o maxconns_fast` (memcached's default): over the limit, accept, answer
    /// `ERROR Too many open connections` and close. Off: stop accepting until a connection closes.
    public var maxConnsFast: Bool = true
    /// `-R`: requests served per connection per event before yielding to other connections.
    public var requestsPerEvent: Int = 20
    /// `-o idle_timeout=N`: close connections idle for more than N seconds (0 = never).
    public var idleTimeout: Int = 0
    /// Initial size of each connection's read buffer (it grows only when one request needs more).
    public var initialReadBufferSize: Int = 16 * 1024
    /// A connection stops reading while more than this many response bytes wait for the client.
    public var outputHighWater: Int = 1 << 20

    /// `-Z` and `-o ssl_*`: TLS on the TCP listeners (see ``TLSSettings``).
    public var tls = TLSSettings()

    // ---- protocol-facing settings
    /// `-A`: allow the `shutdown` command.
    public var shutdownEnabled: Bool = false
    /// `-F` turns `flush_all` off.
    public var flushEnabled: Bool = true
    /// `-X` turns `stats cachedump` / `lru_crawler metadump` off.
    public var dumpEnabled: Bool = true
    /// False with `-W`: `watch` is refused.
    public var watchEnabled: Bool = true
    /// `-o auth_readonly_file=<path>`: users (authfile format) who may only read; needs `-Y`.
    public var authReadOnlyFile: String? = nil
    /// The version reported by `version` and `stats`.
    public var version: String = CacheServer.defaultVersion

    // ---- reported by `stats settings` (what the server or engine does with each is noted where it is used)
    public var hashPowerInitial: Int = 0
    public var statKeyPrefix: String = ":"
    public var detailEnabled: Bool = false
    public var bindingProtocol: String = "auto-negotiate"
    public var tailRepairTime: Int = 0
    public var hashAlgorithm: String = "murmur3"
    public var watcherLogbufSize: Int = 256 * 1024
    public var workerLogbufSize: Int = 64 * 1024
    /// `-o read_buf_mem_limit` in bytes (the option takes megabytes): what the workers' connection buffers
    /// may hold in total, split evenly between them (0 = no limit).
    public var readBufMemLimit: Int = 0
    /// `-o slab_automove_freeratio`: memcached uses it only with extstore, so it only reports it.
    public var slabAutomoveFreeRatio: Double = 0.01
    /// The listener thread advances the engine clock once a second (memcached's clock event). Turn off
    /// when something else ticks it (e.g. tests with a manual clock).
    public var tickClock: Bool = true
    /// `-v` level at start.
    public var verbosity: Int = 0

    public init() {}

    /// The largest read buffer one connection may need: one item of `itemSizeMax` bytes (the engine's -I)
    /// plus its command line, or a long multi-get.
    static func maxReadBufferSize(itemSizeMax: Int) -> Int { max(itemSizeMax + 64 * 1024, 2 << 20) }
}
