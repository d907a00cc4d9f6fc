// HotKeys+Server: the server's read side of hot-key detection (`-o hotkeys`, HotKeys.swift): the workers'
// recorders merged into one ranking for `stats hotkeys`, the metrics endpoint's hot-key gauge, and the
// query the `watch hotkeys` logger polls.
//
// Thread rule: callable from any thread (stats on a worker, scrapes on the metrics thread, the logger);
// each recorder is read under its own mutex, see HotKeyRecorder.
import MemcacheProtocol

extension CacheServer {
    /// Keys the metrics endpoint exposes.
    static let hotKeyMetricsLimit = 10

    /// The `limit` hottest keys across all workers, hottest first, each with its estimated request rate
    /// (requests per second over the last one to two 4-second windows). Empty when hot keys are off or
    /// before the server has started. For `watch hotkeys`: poll about once a second and announce the keys
    /// whose rate is at least `hotKeysThreshold`.
    public func hotKeys(limit: Int) -> [(key: [UInt8], rate: Double)] {
        (hotKeyReport(limit: limit) ?? []).map { (key: $0.key, rate: $0.rate) }
    }

    /// `-o hotkeys_threshold`: requests per second at which `watch hotkeys` announces a key; nil when hot
    /// keys are off.
    public var hotKeysThreshold: Double? {
        configuration.hotKeys ? Double(configuration.hotKeysThreshold) : nil
    }

    /// ServerHooks: `stats hotkeys [N]`; nil when hot keys are off.
    public func hotKeyReport(limit: Int) -> [HotKey]? {
        guard configuration.hotKeys else { return nil }
        return HotKeyRecorder.merged(workers.compactMap(\.telemetry.hotKeys), limit: limit)
    }

    /// The metrics endpoint's hot-key family: a gauge per key of the top ten, labelled with the key as
    /// `stats hotkeys` prints it (printable ASCII, so always a valid label value).
    func hotKeyMetricFamilies() -> [MetricFamily] {
        guard let keys = hotKeyReport(limit: Self.hotKeyMetricsLimit) else { return [] }
        return [
            MetricFamily(
                name: "swiftcached_hot_key_requests_per_second",
                help: "Estimated requests per second of the hottest keys (swiftcached -o hotkeys, sampled).",
                type: .gauge,
                samples: keys.map {
                    MetricSample(labels: [.init("key", HotKeyRecorder.printable($0.key))], value: $0.rate)
                })
        ]
    }
}
