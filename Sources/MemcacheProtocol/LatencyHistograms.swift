// LatencyHistograms: server-side request latency per command family, for `stats latency` and the metrics
// endpoint's `swiftcached_request_duration_seconds` histogram.
//
// What is timed: one `execute` of a complete request, from just before its line is tokenized to just after
// its reply is queued in the connection's output buffer (or suppressed, with noreply). A storage request
// whose data block has not fully arrived is not recorded when it asks for more data; it is timed again, from
// the start, by the `process` call that finds it complete. So the figure is the server's own time, as a
// memcached operator wants it: a slow client's data block, socket writes and time waiting in the event loop
// are not in it.
//
// How: each worker owns one `LatencyHistograms`. Its thread records with a relaxed load and store per
// counter (no read-modify-write, no lock prefix) and two CLOCK_MONOTONIC reads per request (vDSO, no
// system call). Readers on other threads (`stats latency`, a scrape) sum the workers' counters into a
// `LatencySnapshot` and may see a request's bucket before its duration sum; neither is ever torn.
//
// Buckets (nanoseconds): [0, 64), then 8 per power of two from 64 ns up to 2^34 ns (~17.2 s), each
// [(8+s)·2^(m-3), (9+s)·2^(m-3)) for the octave [2^m, 2^(m+1)), so a bucket's upper bound is at most 12.5 %
// above any value in it; then one overflow bucket from 2^34 ns on.

import CacheEngine
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command families whose latency is recorded. Other commands (stats, version, mn, me, admin
/// commands, ...) are not recorded.
public enum LatencyFamily: Int, CaseIterable, Sendable {
    /// get, gets, bget
    case get
    /// gat, gats: a fetch that also writes the expiry; their own family, between get and touch
    case gat
    /// set, add, replace, append, prepend, cas
    case set
    case delete
    /// incr, decr
    case incrDecr
    case touch
    /// The meta commands: mg, ms, md, ma.
    case metaGet, metaSet, metaDelete, metaArithmetic

    /// The name in `stats latency` (`<name>_count`, ...) and the metrics endpoint's `command` label.
    public var name: String {
        switch self {
        case .get: "get"
        case .gat: "gat"
        case .set: "set"
        case .delete: "delete"
        case .incrDecr: "incr_decr"
        case .touch: "touch"
        case .metaGet: "mg"
        case .metaSet: "ms"
        case .metaDelete: "md"
        case .metaArithmetic: "ma"
        }
    }
}

/// The bucket layout shared by the recorders and the snapshots.
public enum LatencyBuckets {
    /// Values below 2^minimumExponent ns share the first bucket.
    static let minimumExponent = 6
    /// Values from 2^overflowExponent ns on share the last bucket.
    static let overflowExponent = 34
    /// Sub-buckets per power of two, as a shift.
    static let subBucketBits = 3
    static let subBuckets = 1 << subBucketBits
    /// Buckets of one family: the one below 64 ns, 8 per power of two, the overflow one.
    public static let count = 1 + (overflowExponent - minimumExponent) * subBuckets + 1
    /// Index of the overflow bucket.
    static let overflowIndex = count - 1

    /// The bucket of a duration.
    @inline(__always)
    public static func index(nanoseconds value: UInt64) -> Int {
        if value < 1 << UInt64(minimumExponent) { return 0 }
        let exponent = 63 &- value.leadingZeroBitCount
        if exponent >= overflowExponent { return overflowIndex }
        let sub = Int(truncatingIfNeeded: value &>> UInt64(exponent &- subBucketBits)) & (subBuckets &- 1)
        return 1 &+ (exponent &- minimumExponent) &<< subBucketBits &+ sub
    }

    /// The smallest duration of bucket `index`, in nanoseconds.
    public static func lowerBound(of index: Int) -> UInt64 {
        if index == 0 { return 0 }
        if index >= overflowIndex { return 1 << UInt64(overflowExponent) }
        let exponent = minimumExponent + (index - 1) >> subBucketBits
        let sub = (index - 1) & (subBuckets - 1)
        return UInt64(subBuckets + sub) << UInt64(exponent - subBucketBits)
    }

    /// The first duration past bucket `index`, in nanoseconds (`UInt64.max` for the overflow bucket).
    public static func upperBound(of index: Int) -> UInt64 {
        index >= overflowIndex ? UInt64.max : lowerBound(of: index + 1)
    }
}

/// One worker's latency recorder: per family, a sum of durations and the bucket counts.
///
/// Thread rule: `record` is called by the owning worker's thread only; any thread may read (relaxed
/// loads, in `addCounts(to:)`). Hence `@unchecked Sendable`.
public final class LatencyHistograms: @unchecked Sendable {
    /// Per family: the sum of durations in ns, then the buckets.
    static let familyStride = 1 + LatencyBuckets.count
    static let slotCount = LatencyFamily.allCases.count * familyStride

    /// The counters. A session keeps this pointer (its worker's recorder outlives it), so recording
    /// involves no reference counting.
    let slots: UnsafeMutablePointer<Atomic<UInt64>>

    public init() {
        slots = CounterBlock.allocate(count: LatencyHistograms.slotCount)
    }

    deinit {
        CounterBlock.deallocate(slots, count: LatencyHistograms.slotCount)
    }

    /// CLOCK_MONOTONIC in nanoseconds (a vDSO read on Linux, no system call).
    @inline(__always)
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(truncatingIfNeeded: time.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: time.tv_nsec)
    }

    /// Records one request of `family` that took `nanoseconds`. Owning thread only.
    @inline(__always)
    public func record(_ family: LatencyFamily, nanoseconds: UInt64) {
        LatencyHistograms.record(family, nanoseconds: nanoseconds, into: slots)
    }

    /// `record` on a recorder's `slots`.
    @inline(__always)
    static func record(_ family: LatencyFamily, nanoseconds: UInt64, into slots: UnsafeMutablePointer<Atomic<UInt64>>) {
        let base = slots + family.rawValue &* LatencyHistograms.familyStride
        LatencyHistograms.bump(base, by: nanoseconds)
        LatencyHistograms.bump(base + (1 &+ LatencyBuckets.index(nanoseconds: nanoseconds)), by: 1)
    }

    @inline(__always)
    private static func bump(_ slot: UnsafeMutablePointer<Atomic<UInt64>>, by n: UInt64) {
        slot.pointee.store(slot.pointee.load(ordering: .relaxed) &+ n, ordering: .relaxed)
    }

    /// Adds this recorder's figures to `snapshot` (any thread).
    public func addCounts(to snapshot: inout LatencySnapshot) {
        for family in LatencyFamily.allCases {
            let base = slots + family.rawValue * LatencyHistograms.familyStride
            snapshot.sums[family.rawValue] &+= base.pointee.load(ordering: .relaxed)
            let offset = family.rawValue * LatencyBuckets.count
            for bucket in 0..<LatencyBuckets.count {
                snapshot.buckets[offset + bucket] &+= (base + 1 + bucket).pointee.load(ordering: .relaxed)
            }
        }
    }
}

/// The latency figures of several recorders added up (or one minus a baseline, after `stats reset`), and
/// what the readers compute from them.
public struct LatencySnapshot: Sendable, Equatable {
    /// Per family (`LatencyFamily.rawValue`): sum of durations in nanoseconds.
    public var sums: [UInt64]
    /// Family-major: `buckets[family.rawValue * LatencyBuckets.count + bucket]`.
    public var buckets: [UInt64]

    /// All zero.
    public init() {
        sums = Array(repeating: 0, count: LatencyFamily.allCases.count)
        buckets = Array(repeating: 0, count: LatencyFamily.allCases.count * LatencyBuckets.count)
    }

    /// The sum of `recorders`' figures now.
    public init(summing recorders: [LatencyHistograms]) {
        self.init()
        for recorder in recorders { recorder.addCounts(to: &self) }
    }

    /// The bucket counts of one family.
    public func buckets(of family: LatencyFamily) -> ArraySlice<UInt64> {
        let offset = family.rawValue * LatencyBuckets.count
        return buckets[offset..<offset + LatencyBuckets.count]
    }

    /// Requests recorded for `family` (the sum of its buckets).
    public func count(of family: LatencyFamily) -> UInt64 {
        buckets(of: family).reduce(0, &+)
    }

    /// Sum of the recorded durations of `family`, in nanoseconds.
    public func sum(of family: LatencyFamily) -> UInt64 { sums[family.rawValue] }

    /// These figures less `baseline` (taken earlier from the same recorders: counts only grow).
    public func subtracting(_ baseline: LatencySnapshot) -> LatencySnapshot {
        var out = self
        for i in out.sums.indices { out.sums[i] = sums[i] >= baseline.sums[i] ? sums[i] - baseline.sums[i] : 0 }
        for i in out.buckets.indices {
            out.buckets[i] = buckets[i] >= baseline.buckets[i] ? buckets[i] - baseline.buckets[i] : 0
        }
        return out
    }

    /// The `permyriad`/10000 quantile of `family` (5000: median, 9990: p99.9), by nearest rank: the upper
    /// bound, in nanoseconds, of the bucket holding the ⌈q·count⌉-th smallest duration, so the true value
    /// is at most this and at least 8/9 of it. A rank in the overflow bucket gives its lower bound, 2^34 ns.
    /// Nil when nothing was recorded.
    public func quantile(_ family: LatencyFamily, permyriad: UInt64) -> UInt64? {
        let counts = buckets(of: family)
        let total = counts.reduce(0, &+)
        guard total > 0 else { return nil }
        let q = min(permyriad, 10_000)
        // ⌈total·q/10000⌉ without overflow or rounding.
        let rank = max(1, total / 10_000 * q + (total % 10_000 * q + 9_999) / 10_000)
        var seen: UInt64 = 0
        for (position, count) in counts.enumerated() {
            seen &+= count
            if seen >= rank {
                let index = position
                return index == LatencyBuckets.overflowIndex
                    ? LatencyBuckets.lowerBound(of: index) : LatencyBuckets.upperBound(of: index)
            }
        }
        return LatencyBuckets.lowerBound(of: LatencyBuckets.overflowIndex)
    }

    /// Requests of `family` that took less than `nanoseconds`, which must be a bucket boundary (the
    /// Prometheus buckets use powers of two from 2^7 ns to 2^34 ns, which are).
    public func count(of family: LatencyFamily, below nanoseconds: UInt64) -> UInt64 {
        var total: UInt64 = 0
        for (position, count) in buckets(of: family).enumerated()
        where LatencyBuckets.upperBound(of: position) <= nanoseconds {
            total &+= count
        }
        return total
    }

    /// `stats latency` lines: for each family with requests, `<family>_count` and the p50, p90, p99 and
    /// p99.9 in microseconds (`<family>_p50_us`, ...; see `quantile`), in `LatencyFamily` order.
    public func statLines() -> [(String, String)] {
        var lines: [(String, String)] = []
        for family in LatencyFamily.allCases {
            let count = count(of: family)
            guard count > 0 else { continue }
            lines.append(("\(family.name)_count", String(count)))
            for (label, permyriad) in LatencySnapshot.reportedQuantiles {
                let value = quantile(family, permyriad: permyriad) ?? 0
                lines.append(("\(family.name)_\(label)_us", LatencySnapshot.microseconds(value)))
            }
        }
        return lines
    }

    /// The quantiles `stats latency` reports.
    static let reportedQuantiles: [(String, UInt64)] = [("p50", 5000), ("p90", 9000), ("p99", 9900), ("p999", 9990)]

    /// Nanoseconds as microseconds with up to three decimals, no trailing zeros (1_500 -> "1.5").
    public static func microseconds(_ nanoseconds: UInt64) -> String {
        let whole = String(nanoseconds / 1000)
        var fraction = nanoseconds % 1000
        guard fraction != 0 else { return whole }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return whole + "." + String(repeating: "0", count: digits - text.count) + text
    }
}
