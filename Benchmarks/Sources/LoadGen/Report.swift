// Turns the counters, the latency histogram and the CPU samples of a run into the human summary and
// the single JSON line that scripts read. Formatting is done by hand (no Foundation).

/// Results of one LoadGen run, filled in phase by phase.
struct Report {
    let label: String
    let options: LoadGen
    var liveConnections = 0

    // Preload phase.
    var preloadCounters: Counters?
    var preloadSeconds = 0.0
    var preloadServerCPUTicks: UInt64?

    // Measured phase.
    var counters: Counters?
    var histogram: LatencyHistogram?
    var seconds = 0.0
    var serverCPUTicks: UInt64?
    var clientCPUMicros: UInt64 = 0

    init(label: String, options: LoadGen) {
        self.label = label
        self.options = options
    }

    var errors: UInt64 { (preloadCounters?.errors ?? 0) + (counters?.errors ?? 0) }

    mutating func setPreload(
        counters: Counters, nanos: UInt64, serverBefore: ProcessCPUTime?, serverAfter: ProcessCPUTime?
    ) {
        preloadCounters = counters
        preloadSeconds = Double(nanos) / 1e9
        if let before = serverBefore, let after = serverAfter {
            preloadServerCPUTicks = after.totalTicks - before.totalTicks
        }
    }

    mutating func setMeasurement(
        counters: Counters, histogram: LatencyHistogram, nanos: UInt64,
        serverBefore: ProcessCPUTime?, serverAfter: ProcessCPUTime?, clientMicros: UInt64
    ) {
        self.counters = counters
        self.histogram = histogram
        seconds = Double(nanos) / 1e9
        if let before = serverBefore, let after = serverAfter {
            serverCPUTicks = after.totalTicks - before.totalTicks
        }
        clientCPUMicros = clientMicros
    }

    private static func ticksToMicros(_ ticks: UInt64) -> Double {
        Double(ticks) * 1e6 / Double(ProcessCPUTime.ticksPerSecond)
    }

    /// Latency percentile in microseconds.
    private func percentile(_ p: Double) -> Double {
        guard let histogram, histogram.totalCount > 0 else { return 0 }
        return Double(histogram.valueAtPercentile(p)) / 1000
    }

    private var requests: UInt64 { counters?.requests ?? 0 }
    private var opsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    private var keysPerSecond: Double {
        guard let counters, seconds > 0 else { return 0 }
        return Double(counters.keysRequested + counters.setRequests) / seconds
    }
    private var serverCPUPerRequest: Double? {
        guard let ticks = serverCPUTicks, requests > 0 else { return nil }
        return Self.ticksToMicros(ticks) / Double(requests)
    }
    private var clientCPUPerRequest: Double {
        requests > 0 ? Double(clientCPUMicros) / Double(requests) : 0
    }

    /// Achieved ops/s below this fraction of --rate triggers the warning.
    static let rateWarningFraction = 0.97

    /// Open loop only: set when the achieved rate is below 97% of --rate.
    var rateWarning: String? {
        guard options.rate > 0, counters != nil, opsPerSecond < Self.rateWarningFraction * options.rate else {
            return nil
        }
        return "achieved \(fixed(opsPerSecond, 0)) ops/s is below 97% of --rate \(fixed(options.rate, 0))"
            + " (\(fixed(100 * opsPerSecond / options.rate, 1))%): the server or the client cannot keep up,"
            + " and the latencies then mostly measure the client-side backlog"
    }

    func text() -> String {
        var lines: [String] = []
        lines.append(
            "server \(options.host):\(options.port)  connections \(options.connections)  threads \(options.threads)"
                + "  pipeline \(options.pipeline)  multiget \(options.multiget)  get-ratio \(fixed(options.getRatio, 2))"
                + "  value \(options.valueSize) B  keys \(options.keys) x \(options.keySize) B")
        if let p = preloadCounters {
            lines.append(
                "preload: \(p.stored) stored in \(fixed(preloadSeconds, 2)) s, errors \(p.errors)")
        }
        if let c = counters {
            lines.append(
                "measured \(fixed(seconds, 1)) s: \(fixed(opsPerSecond, 0)) ops/s"
                    + (options.multiget > 1 ? "  \(fixed(keysPerSecond, 0)) keys/s" : "")
                    + "  (gets \(c.getRequests), sets \(c.setRequests))")
            if options.rate > 0 {
                let late = c.scheduled > 0 ? 100 * Double(c.lateSends) / Double(c.scheduled) : 0
                lines.append(
                    "open loop: rate \(fixed(options.rate, 0)) ops/s (\(options.arrivals.rawValue)),"
                        + " achieved \(fixed(100 * opsPerSecond / options.rate, 1))%;"
                        + " scheduled \(c.scheduled), late > 1 ms \(c.lateSends) (\(fixed(late, 2))%),"
                        + " never sent \(c.unsent); latency counted from the scheduled send time")
                if let warning = rateWarning { lines.append("WARNING: " + warning) }
            }
            lines.append(
                "latency us: p50 \(fixed(percentile(50), 1))  p90 \(fixed(percentile(90), 1))"
                    + "  p99 \(fixed(percentile(99), 1))  p99.9 \(fixed(percentile(99.9), 1))"
                    + "  max \(fixed(Double(histogram?.max ?? 0) / 1000, 1))")
            lines.append(
                "keys: hits \(c.hits)  misses \(c.misses)   sets stored \(c.stored)")
            var cpu = "cpu us/request: client \(fixed(clientCPUPerRequest, 2))"
            if let server = serverCPUPerRequest { cpu += "  server \(fixed(server, 2))" }
            lines.append(cpu)
        }
        let all = (preloadCounters ?? Counters()).adding(counters ?? Counters())
        lines.append(
            "errors \(all.errors): not_stored \(all.notStored)  server_error \(all.serverErrors)"
                + "  client_error \(all.clientErrors)  protocol \(all.protocolErrors)"
                + "  value_size \(all.valueSizeErrors)  connection \(all.connectionErrors)  timed_out \(all.timedOut)"
                + "  (live connections \(liveConnections)/\(options.connections))")
        return lines.joined(separator: "\n")
    }

    func jsonLine() -> String {
        var json = JSONObject()
        json.add("label", label)
        json.add("port", options.port)
        json.add("connections", options.connections)
        json.add("threads", options.threads)
        json.add("pipeline", options.pipeline)
        json.add("multiget", options.multiget)
        json.add("get_ratio", options.getRatio)
        json.add("value_size", options.valueSize)
        json.add("key_size", options.keySize)
        json.add("keys", options.keys)
        json.add("rate", options.rate)
        if options.rate > 0 { json.add("arrivals", options.arrivals.rawValue) }
        if let p = preloadCounters {
            json.add("preload_stored", p.stored)
            json.add("preload_seconds", preloadSeconds)
            if let ticks = preloadServerCPUTicks, p.stored > 0 {
                json.add("preload_server_cpu_us_per_set", Self.ticksToMicros(ticks) / Double(p.stored))
            }
        }
        if let c = counters {
            json.add("duration_s", seconds)
            json.add("requests", c.requests)
            json.add("gets", c.getRequests)
            json.add("sets", c.setRequests)
            json.add("ops_per_sec", opsPerSecond)
            json.add("keys_per_sec", keysPerSecond)
            json.add("hits", c.hits)
            json.add("misses", c.misses)
            json.add("p50_us", percentile(50))
            json.add("p90_us", percentile(90))
            json.add("p99_us", percentile(99))
            json.add("p999_us", percentile(99.9))
            json.add("max_us", Double(histogram?.max ?? 0) / 1000)
            json.add("mean_us", (histogram?.mean ?? 0) / 1000)
            json.add("client_cpu_us_per_req", clientCPUPerRequest)
            if options.rate > 0 {
                json.add("scheduled", c.scheduled)
                json.add("late_sends", c.lateSends)
                json.add("unsent", c.unsent)
                json.add("below_rate", rateWarning != nil)
            }
            if let server = serverCPUPerRequest {
                json.add("server_cpu_us_per_req", server)
                json.add("server_cpu_ticks", serverCPUTicks ?? 0)
            }
        }
        let all = (preloadCounters ?? Counters()).adding(counters ?? Counters())
        json.add("errors", all.errors)
        json.add("not_stored", all.notStored)
        json.add("server_errors", all.serverErrors)
        json.add("client_errors", all.clientErrors)
        json.add("protocol_errors", all.protocolErrors)
        json.add("value_size_errors", all.valueSizeErrors)
        json.add("connection_errors", all.connectionErrors)
        json.add("timed_out", all.timedOut)
        json.add("live_connections", liveConnections)
        return json.text
    }
}

extension Counters {
    func adding(_ other: Counters) -> Counters {
        var sum = self
        sum.add(other)
        return sum
    }
}

/// A flat JSON object built as text, keys in insertion order.
struct JSONObject {
    private var body = ""

    var text: String { "{" + body + "}" }

    private mutating func key(_ name: String) {
        if !body.isEmpty { body += "," }
        body += "\"" + name + "\":"
    }

    mutating func add(_ name: String, _ value: String) {
        key(name)
        body += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": body += "\\\""
            case "\\": body += "\\\\"
            case _ where scalar.value < 0x20: body += "?"
            default: body.unicodeScalars.append(scalar)
            }
        }
        body += "\""
    }

    mutating func add(_ name: String, _ value: Int) {
        key(name)
        body += String(value)
    }

    mutating func add(_ name: String, _ value: UInt64) {
        key(name)
        body += String(value)
    }

    mutating func add(_ name: String, _ value: Bool) {
        key(name)
        body += value ? "true" : "false"
    }

    mutating func add(_ name: String, _ value: Double) {
        key(name)
        body += value.isFinite ? fixed(value, 3) : "null"
    }
}

/// `value` with exactly `decimals` digits after the point (rounded), without Foundation's String(format:).
func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let negative = value < 0
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9.0e18 else { return String(value) }
    let whole = UInt64(scaled)
    let integerPart = whole / UInt64(scale)
    var text = (negative && whole != 0 ? "-" : "") + String(integerPart)
    if decimals > 0 {
        let fraction = String(whole % UInt64(scale))
        text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return text
}
