// ServerCounters: the server-side statistics (connections, bytes, yields) without locks on the hot path.
// Per-worker counters have one writer (their worker thread) and are summed when `stats` is read;
// connection counters are updated once per accept/close. `stats reset` keeps baselines instead of
// writing into counters other threads own.
import Synchronization

/// 64 unused bytes: one cache line between hot fields of objects allocated next to each other.
struct CacheLinePadding {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
}

/// Counters owned by one worker thread.
///
/// Thread rule: only the owning worker writes (a relaxed load + store, no read-modify-write); any thread
/// may read with a relaxed load, so a `stats` reader sees a value at most one update old.
final class WorkerCounters: Sendable {
    // The workers' instances are allocated one after another on the main thread, and every request
    // writes these counters: the padding keeps each worker's counters off the others' cache lines.
    private let paddingBefore = CacheLinePadding()
    let bytesRead = Atomic<UInt64>(0)
    let bytesWritten = Atomic<UInt64>(0)
    let connYields = Atomic<UInt64>(0)
    /// Connections closed by -o idle_timeout (`idle_kicks`).
    let idleKicks = Atomic<UInt64>(0)
    /// Connections closed on a request in another protocol (`cross_protocol_closes`).
    let crossProtocolCloses = Atomic<UInt64>(0)
    private let paddingAfter = CacheLinePadding()

    @inline(__always)
    static func bump(_ counter: borrowing Atomic<UInt64>, by n: UInt64) {
        counter.store(counter.load(ordering: .relaxed) &+ n, ordering: .relaxed)
    }
}

/// Process-wide connection counters (updated per accept/close, never per request).
final class ConnectionCounters: Sendable {
    /// Open client connections (TCP and unix; UDP sockets are not connections).
    let current = Atomic<Int>(0)
    /// Connections accepted since start (memcached also counts its listening sockets here).
    let total = Atomic<UInt64>(0)
    /// Connections refused because `-c` was reached.
    let rejected = Atomic<UInt64>(0)
    /// Highest number of connection structures alive at once.
    let structures = Atomic<Int>(0)
    /// 1 while the listener accepts, 0 while it is paused at the limit.
    let accepting = Atomic<Int>(1)
    /// Times the listener paused because of the limit (`-o no_maxconns_fast`).
    let listenDisabled = Atomic<UInt64>(0)
    /// Microseconds spent paused.
    let listenDisabledMicros = Atomic<UInt64>(0)

    /// Records one more open connection and raises the high-water mark.
    func opened() -> Int {
        let now = current.wrappingAdd(1, ordering: .relaxed).newValue
        var seen = structures.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, original) = structures.compareExchange(
                expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
        return now
    }
}

/// Snapshot values subtracted from the live counters after `stats reset`.
struct CounterBaseline {
    var bytesRead: UInt64 = 0
    var bytesWritten: UInt64 = 0
    var connYields: UInt64 = 0
    var idleKicks: UInt64 = 0
    var crossProtocolCloses: UInt64 = 0
    var readBufOOM: UInt64 = 0
    var responseObjOOM: UInt64 = 0
    var total: UInt64 = 0
    var rejected: UInt64 = 0
    var listenDisabled: UInt64 = 0
    var listenDisabledMicros: UInt64 = 0
    var sslHandshakeErrors: UInt64 = 0
    var sslNewSessions: UInt64 = 0
}
