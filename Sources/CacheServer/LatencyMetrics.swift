// LatencyMetrics: the latency histograms (LatencyHistograms.swift) as one Prometheus histogram family,
// `swiftcached_request_duration_seconds{command="<family>"}`, registered as a MetricsProvider when latency
// histograms are on. Its own name under swiftcached_ (memcached_exporter has no such family).
//
// The `le` bounds are powers of two of nanoseconds, 2^7 ns (128 ns) to 2^34 ns (~17.2 s): coarser than the
// recorder's eight buckets per power of two, so the exposition stays small (31 lines per family), and exact,
// because every power of two is a bucket boundary there. (A duration of exactly 2^k ns is counted in the
// next bucket: the recorder's buckets are [lower, upper).) Only families with requests are exposed.
import MemcacheProtocol

enum LatencyMetrics {
    static let name = "swiftcached_request_duration_seconds"
    static let help =
        "Server time of a request, from its line parsed to its reply queued, by command family (stats latency)."
    /// Exponents of the `le` bounds in nanoseconds.
    static let boundExponents = 7...34

    /// The histogram family of `snapshot` (none when it is nil or nothing was recorded).
    static func families(_ snapshot: LatencySnapshot?) -> [MetricFamily] {
        guard let snapshot else { return [] }
        var samples: [MetricSample] = []
        for family in LatencyFamily.allCases {
            let count = snapshot.count(of: family)
            guard count > 0 else { continue }
            let command = MetricSample.Label("command", family.name)
            for exponent in boundExponents {
                let bound = UInt64(1) << UInt64(exponent)
                samples.append(
                    MetricSample(
                        suffix: "_bucket",
                        labels: [command, MetricSample.Label("le", leText(nanoseconds: bound))],
                        value: Double(snapshot.count(of: family, below: bound))))
            }
            samples.append(
                MetricSample(
                    suffix: "_bucket", labels: [command, MetricSample.Label("le", "+Inf")], value: Double(count)))
            samples.append(
                MetricSample(suffix: "_sum", labels: [command], value: Double(snapshot.sum(of: family)) / 1e9))
            samples.append(MetricSample(suffix: "_count", labels: [command], value: Double(count)))
        }
        return [MetricFamily(name: name, help: help, type: .histogram, samples: samples)]
    }

    /// A bound in seconds as Prometheus reads it back (Swift's shortest round-trip form: 2.56e-07, 1.024).
    static func leText(nanoseconds: UInt64) -> String {
        MetricsExposition.formatValue(Double(nanoseconds) / 1e9)
    }
}
