// Tests of the Prometheus endpoint: the text-format renderer, memcached_exporter's mapping of the stats
// lines (pure functions of a snapshot), the -o metrics_port option, and the endpoint itself over loopback
// (GET /metrics agrees with `stats`, 404 and 405, HEAD, off by default, stopped with the server).
import CacheEngine
import MemcacheProtocol
import Testing

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Prometheus exposition")
struct MetricsExpositionTests {
    @Test("families are sorted by name, empty ones left out, labels and help escaped")
    func render() {
        let text = MetricsExposition.render([
            MetricFamily(name: "b_total", help: "B.", type: .counter, samples: [MetricSample(value: 3)]),
            MetricFamily(name: "empty", help: "none", type: .gauge),
            MetricFamily(
                name: "a", help: "back\\slash\nnewline", type: .gauge,
                samples: [
                    MetricSample(labels: [.init("x", "q\"uo\\te\nd"), .init("y", "2")], value: 0.5),
                    MetricSample(labels: [.init("x", "plain")], value: 7),
                ]),
        ])
        #expect(
            text == """
                # HELP a back\\\\slash\\nnewline
                # TYPE a gauge
                a{x="q\\"uo\\\\te\\nd",y="2"} 0.5
                a{x="plain"} 7
                # HELP b_total B.
                # TYPE b_total counter
                b_total 3

                """)
    }

    @Test("families of the same name are merged, the first help and type kept")
    func merge() {
        let text = MetricsExposition.render([
            MetricFamily(name: "m", help: "first", type: .counter, samples: [MetricSample(value: 1)]),
            MetricFamily(name: "m", help: "second", type: .gauge, samples: [MetricSample(suffix: "_x", value: 2)]),
        ])
        #expect(text == "# HELP m first\n# TYPE m counter\nm 1\nm_x 2\n")
    }

    @Test("values: whole numbers without a fraction, Prometheus's Inf and NaN")
    func values() {
        #expect(MetricsExposition.formatValue(0) == "0")
        #expect(MetricsExposition.formatValue(67_108_864) == "67108864")
        #expect(MetricsExposition.formatValue(-3) == "-3")
        #expect(MetricsExposition.formatValue(0.25) == "0.25")
        #expect(MetricsExposition.formatValue(1.5e300) == "1.5e+300")
        #expect(MetricsExposition.formatValue(.infinity) == "+Inf")
        #expect(MetricsExposition.formatValue(-.infinity) == "-Inf")
        #expect(MetricsExposition.formatValue(.nan) == "NaN")
    }
}

@Suite("memcached_exporter mapping")
struct MemcachedExporterMappingTests {
    static let snapshot = StatsSnapshot(
        general: [
            ("pid", "42"), ("uptime", "120"), ("time", "1765000000"), ("version", "1.6.18"),
            ("rusage_user", "1.500000"), ("rusage_system", "0.000250"), ("curr_connections", "3"),
            ("total_connections", "9"), ("rejected_connections", "1"), ("cmd_get", "10"), ("cmd_set", "20"),
            ("cmd_flush", "2"), ("get_hits", "7"), ("get_misses", "3"), ("delete_misses", "1"),
            ("delete_hits", "4"), ("incr_misses", "0"), ("incr_hits", "5"), ("decr_misses", "0"),
            ("decr_hits", "0"), ("cas_misses", "1"), ("cas_hits", "2"), ("cas_badval", "3"), ("touch_hits", "0"),
            ("touch_misses", "6"), ("bytes_read", "1000"), ("bytes_written", "2000"),
            ("limit_maxbytes", "67108864"), ("bytes", "555"), ("curr_items", "11"), ("total_items", "12"),
            ("evictions", "13"), ("cross_protocol_closes", "4"),
        ],
        settings: [
            ("maxconns", "1024"), ("lru_crawler", "yes"), ("lru_crawler_sleep", "100"),
            ("lru_crawler_tocrawl", "0"), ("lru_maintainer_thread", "no"), ("hot_lru_pct", "20"),
            ("warm_lru_pct", "40"), ("hot_max_factor", "0.20"), ("warm_max_factor", "2.00"),
        ],
        items: [
            .init(
                id: 1,
                lines: [
                    ("number", 5), ("age", 60), ("hits_to_hot", 1), ("evicted", 2), ("evicted_time", 30),
                    ("number_hot", 3), ("mem_requested", 400),
                ]),
            .init(id: 12, lines: [("number", 6)]),
        ],
        slabs: [
            .init(
                id: 1,
                lines: [
                    ("chunk_size", 72), ("get_hits", 7), ("cmd_set", 20), ("cas_hits", 2), ("cas_badval", 3),
                    ("used_chunks", 5),
                ])
        ],
        slabTotals: [("active_slabs", 1), ("total_malloced", 1_048_576)])

    static func text(_ snapshot: StatsSnapshot = snapshot) -> String {
        MetricsExposition.render(MemcachedExporterMetrics.families(from: snapshot, swiftcachedVersion: "9.9.9"))
    }

    static func lines(_ snapshot: StatsSnapshot = snapshot) -> Set<String> {
        Set(text(snapshot).split(separator: "\n").map(String.init))
    }

    @Test("commands_total: hits and misses per command, cas badval, flush, and set without the cas commands")
    func commands() {
        let lines = Self.lines()
        for expected in [
            #"memcached_commands_total{command="get",status="hit"} 7"#,
            #"memcached_commands_total{command="get",status="miss"} 3"#,
            #"memcached_commands_total{command="delete",status="hit"} 4"#,
            #"memcached_commands_total{command="incr",status="hit"} 5"#,
            #"memcached_commands_total{command="touch",status="miss"} 6"#,
            #"memcached_commands_total{command="cas",status="badval"} 3"#,
            #"memcached_commands_total{command="flush",status="hit"} 2"#,
            // cmd_set 20 - (cas_misses 1 + cas_hits 2 + cas_badval 3)
            #"memcached_commands_total{command="set",status="hit"} 14"#,
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
    }

    @Test("global stats under memcached_exporter's names and types")
    func globals() {
        let text = Self.text()
        let lines = Self.lines()
        for expected in [
            "memcached_up 1", "memcached_uptime_seconds 120", "memcached_time_seconds 1765000000",
            #"memcached_version{version="1.6.18"} 1"#, "memcached_process_user_cpu_seconds_total 1.5",
            "memcached_process_system_cpu_seconds_total 0.00025", "memcached_current_connections 3",
            "memcached_connections_total 9", "memcached_connections_rejected_total 1",
            "memcached_read_bytes_total 1000", "memcached_written_bytes_total 2000",
            "memcached_limit_bytes 67108864", "memcached_current_bytes 555", "memcached_current_items 11",
            "memcached_items_total 12", "memcached_items_evicted_total 13", "memcached_malloced_bytes 1048576",
            "memcached_max_connections 1024",
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
        #expect(text.contains("# TYPE memcached_uptime_seconds counter\n"))
        #expect(text.contains("# TYPE memcached_current_items gauge\n"))
        #expect(text.contains("# HELP memcached_up Could the memcached server be reached.\n"))
        // Keys `stats` does not print give no sample (the exporter's errKeyNotFound).
        #expect(!text.contains("memcached_lru_crawler_starts_total"))
        #expect(!text.contains("memcached_accepting_connections"))
    }

    @Test("stats items and stats slabs: one series per class with the slab label")
    func perClass() {
        let lines = Self.lines()
        for expected in [
            #"memcached_slab_current_items{slab="1"} 5"#, #"memcached_slab_current_items{slab="12"} 6"#,
            #"memcached_slab_items_age_seconds{slab="1"} 60"#,
            #"memcached_slab_lru_hits_total{slab="1",lru="hot"} 1"#,
            #"memcached_slab_items_evicted_total{slab="1"} 2"#,
            #"memcached_slab_items_evicted_time_seconds{slab="1"} 30"#,
            #"memcached_slab_hot_items{slab="1"} 3"#, #"memcached_slab_mem_requested_bytes{slab="1"} 400"#,
            #"memcached_slab_chunk_size_bytes{slab="1"} 72"#, #"memcached_slab_chunks_used{slab="1"} 5"#,
            #"memcached_slab_commands_total{slab="1",command="get",status="hit"} 7"#,
            // cmd_set 20 - (cas_hits 2 + cas_badval 3): per class the exporter leaves cas misses out.
            #"memcached_slab_commands_total{slab="1",command="set",status="hit"} 15"#,
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
        #expect(Self.text().contains("# TYPE memcached_slab_mem_requested_bytes counter\n"))
    }

    @Test("LRU crawler settings only while the crawler is on, booleans as 1 and 0")
    func settings() {
        let lines = Self.lines()
        #expect(lines.contains("memcached_lru_crawler_enabled 1"))
        #expect(lines.contains("memcached_lru_crawler_maintainer_thread 0"))
        #expect(lines.contains("memcached_lru_crawler_hot_max_factor 0.2"))
        #expect(lines.contains("memcached_lru_crawler_warm_percent 40"))
        var off = Self.snapshot
        off.settings = [("maxconns", "10"), ("lru_crawler", "no"), ("hot_lru_pct", "20")]
        let text = Self.text(off)
        #expect(text.contains("memcached_max_connections 10\n"))
        #expect(!text.contains("memcached_lru_crawler_"))
    }

    @Test("swiftcached's families: cross-protocol closes (0 while stats omits the line), version, warm restart")
    func swiftcached() {
        let lines = Self.lines()
        #expect(lines.contains("swiftcached_cross_protocol_closes_total 4"))
        #expect(lines.contains(#"swiftcached_build_info{version="9.9.9"} 1"#))
        #expect(!lines.contains { $0.hasPrefix("swiftcached_warm_restart") })
        var quiet = Self.snapshot
        quiet.general = quiet.general.filter { $0.0 != "cross_protocol_closes" }
        quiet.general += [("warm_restart_items", "100"), ("warm_restart_usec", "2500")]
        let other = Self.lines(quiet)
        #expect(other.contains("swiftcached_cross_protocol_closes_total 0"))
        #expect(other.contains("swiftcached_warm_restart_items 100"))
        #expect(other.contains("swiftcached_warm_restart_seconds 0.0025"))
    }
}

@Suite("Prometheus endpoint over loopback", .serialized, .timeLimit(.minutes(1)))
struct MetricsEndpointTests {
    /// One HTTP/1.0 request (evhttp closes after the reply); returns status line, headers and body.
    static func http(_ port: Int, _ request: String) throws -> (status: String, headers: String, body: String) {
        let client = try TestClient(port: port)
        try client.send(request)
        let reply = try client.readToEOF()
        let parts = reply.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        let head = String(parts[0])
        let status = String(head.split(separator: "\r\n").first ?? "")
        return (status, head, parts.count > 1 ? String(parts[1]) : "")
    }

    static func value(_ body: String, _ series: String) -> Double? {
        for line in body.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test("off by default; -o metrics_port parses, and -h lists it")
    func option() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(server.server.metricsPort == nil)
        var configuration = ServerConfiguration()
        var engine = EngineConfiguration()
        _ = try configuration.applyExtendedOptions(["metrics_port=9150"], engine: &engine)
        #expect(configuration.metricsPort == 9150)
        #expect(throws: ConfigurationError.self) {
            try configuration.applyExtendedOptions(["metrics_port=70000"], engine: &engine)
        }
        #expect(ServerConfiguration.extendedOptionsHelpText.contains("- metrics_port:"))
    }

    @Test("GET /metrics answers the stats figures; 404, 405 and HEAD; the endpoint stops with the server")
    func endpoint() throws {
        let server = try TestServer { $0.metricsPort = ServerConfiguration.ephemeralPort }
        var stopped = false
        defer { if !stopped { server.stop() } }
        let port = try #require(server.server.metricsPort)
        let client = try TestClient(port: server.port)
        try client.send("set k 0 0 1\r\nv\r\nget k\r\nget nope\r\nincr k 1\r\n")
        _ = try client.read(until: "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n")

        let reply = try Self.http(port, "GET /metrics HTTP/1.0\r\n\r\n")
        #expect(reply.status == "HTTP/1.1 200 OK" || reply.status == "HTTP/1.0 200 OK")
        #expect(reply.headers.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        let body = reply.body
        #expect(Self.value(body, #"memcached_commands_total{command="get",status="hit"}"#) == 1)
        #expect(Self.value(body, #"memcached_commands_total{command="get",status="miss"}"#) == 1)
        #expect(Self.value(body, #"memcached_commands_total{command="set",status="hit"}"#) == 1)
        #expect(Self.value(body, "memcached_current_items") == 1)
        #expect(Self.value(body, "memcached_current_connections") == 1)
        #expect(Self.value(body, "memcached_up") == 1)
        #expect(Self.value(body, "memcached_limit_bytes") == Double(server.engine.configuration.memoryLimit))
        #expect(body.contains(#"memcached_version{version="1.6.18"} 1"#))

        // The same figures `stats` prints at the same moment (nothing happens in between).
        try client.send("stats\r\n")
        let stats = try client.read(until: "END\r\n")
        func stat(_ name: String) -> Double? {
            for line in stats.split(separator: "\r\n") where line.hasPrefix("STAT \(name) ") {
                return Double(line.dropFirst(name.count + 6))
            }
            return nil
        }
        #expect(Self.value(body, "memcached_current_bytes") == stat("bytes"))
        #expect(Self.value(body, "memcached_items_total") == stat("total_items"))
        #expect(Self.value(body, "memcached_connections_total") == stat("total_connections"))

        let notFound = try Self.http(port, "GET / HTTP/1.0\r\n\r\n")
        #expect(notFound.status.hasSuffix("404 Not Found"))
        let notAllowed = try Self.http(port, "POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n")
        #expect(notAllowed.status.hasSuffix("405 Method Not Allowed"))
        #expect(notAllowed.headers.contains("Allow: GET, HEAD"))
        let head = try Self.http(port, "HEAD /metrics HTTP/1.0\r\n\r\n")
        #expect(head.status.hasSuffix("200 OK"))
        #expect(head.body.isEmpty)

        server.stop()
        stopped = true
        #expect(throws: (any Error).self) { _ = try TestClient(port: port) }
    }

    @Test("without -l the endpoint is on loopback only (here beside a unix socket)")
    func loopbackByDefault() throws {
        let path = "/tmp/swiftcached-metrics-test-\(getpid()).sock"
        let server = try TestServer {
            $0.listenAddresses = []
            $0.unixSocketPath = path
            $0.metricsPort = ServerConfiguration.ephemeralPort
        }
        defer { server.stop() }
        let endpoint = try #require(server.server.metricsEndpoint)
        #expect(endpoint.sockets.map(\.address) == ["tcp:127.0.0.1:\(endpoint.port)"])
        #expect(try Self.http(endpoint.port, "GET /metrics HTTP/1.0\r\n\r\n").status.hasSuffix("200 OK"))
    }

    @Test("providers add families to every scrape")
    func providers() throws {
        let server = try TestServer { $0.metricsPort = ServerConfiguration.ephemeralPort }
        defer { server.stop() }
        server.server.addMetricsProvider {
            [MetricFamily(name: "swiftcached_test_total", help: "A test.", type: .counter, samples: [.init(value: 5)])]
        }
        let body = try Self.http(try #require(server.server.metricsPort), "GET /metrics HTTP/1.0\r\n\r\n").body
        #expect(body.contains("# TYPE swiftcached_test_total counter\nswiftcached_test_total 5\n"))
    }
}

@Suite("Latency histograms", .serialized, .timeLimit(.minutes(1)))
struct LatencyHistogramServerTests {
    @Test("the histogram family: cumulative power-of-two buckets, +Inf, sum and count; only families with requests")
    func family() {
        let recorder = LatencyHistograms()
        recorder.record(.get, nanoseconds: 100)
        recorder.record(.get, nanoseconds: 1_000)
        recorder.record(.get, nanoseconds: 3_000_000_000)
        recorder.record(.get, nanoseconds: 1 << 40)
        let families = LatencyMetrics.families(LatencySnapshot(summing: [recorder]))
        #expect(families.count == 1)
        let family = families[0]
        #expect(family.name == "swiftcached_request_duration_seconds" && family.type == .histogram)
        #expect(family.samples.count == LatencyMetrics.boundExponents.count + 3)
        #expect(family.samples.allSatisfy { $0.labels.first == .init("command", "get") })
        let buckets = family.samples.filter { $0.suffix == "_bucket" }
        #expect(buckets.map(\.labels[1].value).prefix(3) == ["1.28e-07", "2.56e-07", "5.12e-07"])
        #expect(buckets.last?.labels[1].value == "+Inf")
        #expect(buckets.map(\.value) == buckets.map(\.value).sorted())
        func bucket(_ le: String) -> Double? { buckets.first { $0.labels[1].value == le }?.value }
        #expect(bucket("1.28e-07") == 1)
        #expect(bucket("1.024e-06") == 2)
        #expect(bucket("4.294967296") == 3)
        #expect(bucket("17.179869184") == 3)
        #expect(bucket("+Inf") == 4)
        #expect(family.samples.first { $0.suffix == "_count" }?.value == 4)
        let sum = family.samples.first { $0.suffix == "_sum" }?.value ?? 0
        #expect(abs(sum - (100 + 1_000 + 3_000_000_000 + Double(1 << 40)) / 1e9) < 1e-6)
        #expect(LatencyMetrics.families(nil).isEmpty)
        #expect(LatencyMetrics.families(LatencySnapshot())[0].samples.isEmpty)
    }

    @Test("on by default: stats latency over a socket, stats reset clears it, the endpoint serves it")
    func onByDefault() throws {
        let server = try TestServer { $0.metricsPort = ServerConfiguration.ephemeralPort }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("set k 0 0 1\r\nv\r\nget k\r\nget k\r\nmg k v\r\nmn\r\n")
        _ = try client.read(until: "MN\r\n")
        try client.send("stats latency\r\n")
        let reply = try client.read(until: "END\r\n")
        #expect(reply.hasPrefix("STAT get_count 2\r\nSTAT get_p50_us "))
        #expect(reply.contains("STAT set_count 1\r\n") && reply.contains("STAT mg_count 1\r\n"))
        #expect(!reply.contains("touch_count"))
        let body = try MetricsEndpointTests.http(
            try #require(server.server.metricsPort), "GET /metrics HTTP/1.0\r\n\r\n"
        )
        .body
        #expect(
            MetricsEndpointTests.value(body, #"swiftcached_request_duration_seconds_count{command="get"}"#) == 2)
        #expect(
            MetricsEndpointTests.value(body, #"swiftcached_request_duration_seconds_bucket{command="mg",le="+Inf"}"#)
                == 1)
        #expect(server.server.settingsStats().contains { $0 == ("latency_histograms", "yes") })

        try client.send("stats reset\r\nstats latency\r\n")
        #expect(try client.read(until: "END\r\n") == "RESET\r\nEND\r\n")
        try client.send("get k\r\nstats latency\r\n")
        #expect(try client.read(until: "END\r\n").contains("STAT get_count 1\r\n"))
    }

    @Test("-o no_latency_histograms: a clear line, no histogram family, settings say no")
    func off() throws {
        var configuration = ServerConfiguration()
        var engine = EngineConfiguration()
        _ = try configuration.applyExtendedOptions(["no_latency_histograms"], engine: &engine)
        #expect(configuration.latencyHistograms == false)
        _ = try configuration.applyExtendedOptions(["latency_histograms"], engine: &engine)
        #expect(configuration.latencyHistograms == true)
        #expect(ServerConfiguration.extendedOptionsHelpText.contains("- latency_histograms:"))

        let server = try TestServer {
            $0.latencyHistograms = false
            $0.metricsPort = ServerConfiguration.ephemeralPort
        }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("set k 0 0 1\r\nv\r\nget k\r\nstats latency\r\n")
        #expect(
            try client.read(until: "disabled\r\nEND\r\n")
                == "STORED\r\nVALUE k 0 1\r\nv\r\nEND\r\nSTAT latency_histograms disabled\r\nEND\r\n")
        #expect(server.server.latencyStatistics() == nil)
        let body = try MetricsEndpointTests.http(
            try #require(server.server.metricsPort), "GET /metrics HTTP/1.0\r\n\r\n"
        )
        .body
        #expect(!body.contains("swiftcached_request_duration_seconds"))
        #expect(server.server.settingsStats().contains { $0 == ("latency_histograms", "no") })
    }
}
