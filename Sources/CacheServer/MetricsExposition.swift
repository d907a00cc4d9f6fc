// MetricsExposition: metric families and their rendering in the Prometheus text exposition format 0.0.4,
// the body of `GET /metrics` (MetricsEndpoint.swift). Pure values and a pure function, so it is unit-tested
// without a server. The families come from `MemcachedExporterMetrics` (memcached_exporter's names for the
// `stats` lines) and from any `MetricsProvider` registered with the server, which is how later figures
// (latency histograms, hot keys) join the endpoint without changing it.

/// A Prometheus metric type (the `# TYPE` line).
public enum MetricType: String, Sendable {
    case counter, gauge, histogram, summary, untyped
}

/// One sample line: `<family name><suffix>{labels} value`. Histograms and summaries use the suffix
/// (`_bucket`, `_sum`, `_count`); counters and gauges leave it empty.
public struct MetricSample: Sendable, Equatable {
    public var suffix: String
    public var labels: [Label]
    public var value: Double

    public struct Label: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(suffix: String = "", labels: [Label] = [], value: Double) {
        self.suffix = suffix
        self.labels = labels
        self.value = value
    }
}

/// A metric family: one `# HELP` and `# TYPE` pair and its samples.
public struct MetricFamily: Sendable, Equatable {
    public var name: String
    public var help: String
    public var type: MetricType
    public var samples: [MetricSample]

    public init(name: String, help: String, type: MetricType, samples: [MetricSample] = []) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }
}

/// Supplies extra metric families at each scrape (called on the metrics thread, never on a worker). It
/// must only read state (per-worker counters, snapshots), as `stats` does.
public typealias MetricsProvider = @Sendable () -> [MetricFamily]

/// The Prometheus text format, version 0.0.4.
public enum MetricsExposition {
    /// The `Content-Type` of the body `render` produces.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Renders `families` sorted by name, as Prometheus client libraries do; families without samples are
    /// left out. Families with the same name are merged (the first one's help and type win).
    public static func render(_ families: [MetricFamily]) -> String {
        String(decoding: renderBytes(families), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes (what the endpoint sends).
    public static func renderBytes(_ families: [MetricFamily]) -> [UInt8] {
        var merged: [String: Int] = [:]
        var unique: [MetricFamily] = []
        for family in families {
            if let at = merged[family.name] {
                unique[at].samples += family.samples
            } else {
                merged[family.name] = unique.count
                unique.append(family)
            }
        }
        unique.sort { $0.name < $1.name }
        var out: [UInt8] = []
        out.reserveCapacity(unique.reduce(0) { $0 + 200 + $1.samples.count * ($1.name.utf8.count + 48) })
        for family in unique where !family.samples.isEmpty {
            let name = family.name.utf8
            out += "# HELP ".utf8
            out += name
            out.append(0x20)
            out += escapeHelp(family.help).utf8
            out += "\n# TYPE ".utf8
            out += name
            out.append(0x20)
            out += family.type.rawValue.utf8
            out.append(0x0A)
            for sample in family.samples {
                out += name
                out += sample.suffix.utf8
                if !sample.labels.isEmpty {
                    out.append(UInt8(ascii: "{"))
                    for (position, label) in sample.labels.enumerated() {
                        if position > 0 { out.append(UInt8(ascii: ",")) }
                        out += label.name.utf8
                        out += "=\"".utf8
                        out += escapeLabelValue(label.value).utf8
                        out.append(UInt8(ascii: "\""))
                    }
                    out.append(UInt8(ascii: "}"))
                }
                out.append(0x20)
                appendValue(sample.value, to: &out)
                out.append(0x0A)
            }
        }
        return out
    }

    /// `formatValue` without a String for whole numbers.
    static func appendValue(_ value: Double, to out: inout [UInt8]) {
        guard value == value.rounded(), abs(value) < 9_007_199_254_740_992 else {
            out += formatValue(value).utf8
            return
        }
        var magnitude = UInt64(abs(value))
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var divisor: UInt64 = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: magnitude / divisor) + 0x30)
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// A sample value: whole numbers without a fraction (exact up to 2^53), others as Swift's shortest
    /// round-trip form, and Prometheus's spellings of the infinities and NaN.
    public static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return String(value)
    }

    /// `# HELP` text: backslash and line feed escaped.
    static func escapeHelp(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\n" }) else { return text }
        return text.replacingAll([("\\", "\\\\"), ("\n", "\\n")])
    }

    /// Label values: backslash, double quote and line feed escaped.
    static func escapeLabelValue(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\"" }) else { return text }
        return text.replacingAll([("\\", "\\\\"), ("\"", "\\\""), ("\n", "\\n")])
    }
}

extension String {
    /// Replaces each listed scalar with its replacement, in one pass (by scalar, so a `\r\n` pair, one
    /// Character in Swift, still has its line feed escaped).
    fileprivate func replacingAll(_ pairs: [(Unicode.Scalar, String)]) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let pair = pairs.first(where: { $0.0 == scalar }) {
                out += pair.1
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
