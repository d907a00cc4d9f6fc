// WorkerTelemetry: what one worker thread's sessions report about the requests they handle, for the
// operator's views of the server (`watch`, `stats latency`, `stats hotkeys`, the metrics endpoint).
//
// Why per worker: a session runs on its worker's thread only, so each recorder below is written by one
// thread without locks; readers on other threads (stats, the metrics endpoint, the logger) merge the
// workers' recorders and accept a figure a few requests old. A recorder that is off is nil, so a request
// pays one load and one branch for it.

/// The per-worker recorders a `ProtocolSession` reports requests to. Shared by all sessions of a worker.
///
/// Thread rule: written by the owning worker's thread only; other threads read the recorders through
/// their own documented read paths. Hence `@unchecked Sendable`.
public final class WorkerTelemetry: @unchecked Sendable {
    /// `-o hotkeys`: the worker's sampled top-K of requested keys (HotKeys.swift); nil when off.
    public let hotKeys: HotKeyRecorder?
    /// Per-family request latency (LatencyHistograms.swift); nil with `-o no_latency_histograms`.
    public let latency: LatencyHistograms?

    /// Creates a worker's recorders. Without arguments every recorder is off.
    public init(latencyHistograms: Bool = false, hotKeys: HotKeyRecorder? = nil) {
        self.hotKeys = hotKeys
        latency = latencyHistograms ? LatencyHistograms() : nil
    }
}
