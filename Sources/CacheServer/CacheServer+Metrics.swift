// CacheServer+Metrics: what the Prometheus endpoint (MetricsEndpoint.swift) serves. A scrape takes the
// same lines the stats commands print (StatsReport for `stats`, `stats items` and `stats slabs`; the
// server's `stats settings`), maps them with memcached_exporter's names (MemcachedExporterMetrics) and adds
// the families of any registered MetricsProvider (where latency histograms and hot keys will plug in).
import CacheEngine
import MemcacheProtocol

extension CacheServer {
    /// The port of the Prometheus endpoint, nil when `-o metrics_port` is off.
    public var metricsPort: Int? { metricsEndpoint?.port }

    /// Adds a source of metric families to every later scrape. Providers run on the metrics thread.
    public func addMetricsProvider(_ provider: @escaping MetricsProvider) {
        metricsProviders.withLock { $0.append(provider) }
    }

    /// The stats lines one scrape reads, exactly as `stats`, `stats settings`, `stats items` and
    /// `stats slabs` would print them now.
    public func statsSnapshot() -> StatsSnapshot {
        let slabs = StatsReport.slabClasses(engine: engine)
        return StatsSnapshot(
            general: StatsReport.general(hooks: self, engine: engine), settings: settingsStats(),
            items: StatsReport.itemClasses(engine: engine), slabs: slabs.classes, slabTotals: slabs.totals)
    }

    /// Every metric family of one scrape.
    public func metricFamilies() -> [MetricFamily] {
        var families = MemcachedExporterMetrics.families(
            from: statsSnapshot(), swiftcachedVersion: CacheServer.swiftcachedVersion)
        for provider in metricsProviders.withLock({ $0 }) { families += provider() }
        return families
    }

    /// The body of `GET /metrics`.
    public func metricsText() -> String { MetricsExposition.render(metricFamilies()) }

    /// Starts the endpoint when `-o metrics_port` is set: on the first `-l` address, loopback otherwise.
    func startMetricsEndpoint() throws(ServerError) {
        guard configuration.metricsPort != 0 else { return }
        if configuration.hotKeys { addMetricsProvider { [weak self] in self?.hotKeyMetricFamilies() ?? [] } }
        let host = configuration.listenAddresses.first.map { Sockets.splitHostPort($0).host }
        let port = configuration.metricsPort == ServerConfiguration.ephemeralPort ? 0 : configuration.metricsPort
        let endpoint = try MetricsEndpoint(server: self, host: host, port: port)
        metricsEndpoint = endpoint
        try endpoint.start()
        for socket in endpoint.sockets {
            ServerLog.log(2, "<\(socket.fd) metrics endpoint listening (\(socket.address)\(MetricsEndpoint.path))")
        }
    }
}
