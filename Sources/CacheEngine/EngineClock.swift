// EngineClock: the coarse one-second server clock (memcached's rel_time_t current_time) and the
// conversion of protocol exptimes into relative expiry times (memcached's realtime()).
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Coarse server clock in seconds, like memcached's rel_time_t. `now` is seconds since `processStarted`
/// (a Unix time). It is advanced by `tick()` (the server calls it from a 1 s timer, or the engine's
/// maintenance thread does), so reading it on the hot path is a single atomic load.
public final class EngineClock: @unchecked Sendable {
    /// memcached treats exptimes above 30 days as absolute Unix times.
    public static let maximumRelativeExptime: Int64 = 60 * 60 * 24 * 30

    private let current: Atomic<UInt32>
    private let isManual: Bool
    /// CLOCK_MONOTONIC seconds at which `now` was 0 (real clocks only).
    private let monotonicStart: Int

    /// Unix time at which `now` was 0.
    public let processStarted: Int

    /// A real clock: `processStarted = time(nil) - 2` (memcached style, so `now` starts at 2 and a
    /// relative expiry of 1 is already in the past). It follows CLOCK_MONOTONIC, so wall-clock jumps do
    /// not expire or resurrect items.
    public init() {
        isManual = false
        processStarted = Int(time(nil)) - 2
        monotonicStart = EngineClock.monotonicSeconds() - 2
        current = Atomic(2)
    }

    /// A real clock that continues one stopped earlier (warm restart): `now` is the seconds since that
    /// clock's `processStarted`, so relative times kept in items stay valid and TTLs ran on while the
    /// server was down (as memcached restores its process_started).
    public init(continuing processStarted: Int) {
        isManual = false
        self.processStarted = processStarted
        let elapsed = max(Int(time(nil)) - processStarted, 2)
        monotonicStart = EngineClock.monotonicSeconds() - elapsed
        current = Atomic(UInt32(truncatingIfNeeded: elapsed))
    }

    /// A manual clock for tests: `unixTime` is the wall time "now" at start; time moves only with
    /// `advance(by:)`. Like the real clock, `now` starts at 2 (so `processStarted == unixTime - 2`).
    public init(manualStart unixTime: Int) {
        isManual = true
        processStarted = unixTime - 2
        monotonicStart = 0
        current = Atomic(2)
    }

    /// Relative seconds since `processStarted`.
    public var now: UInt32 {
        @inline(__always) get { current.load(ordering: .relaxed) }
    }

    /// Rereads the OS clock (no-op for manual clocks).
    public func tick() {
        guard !isManual else { return }
        let elapsed = EngineClock.monotonicSeconds() - monotonicStart
        current.store(UInt32(truncatingIfNeeded: max(elapsed, 2)), ordering: .relaxed)
    }

    /// Moves a manual clock forward (ignored by real clocks).
    public func advance(by seconds: UInt32) {
        guard isManual else { return }
        current.wrappingAdd(seconds, ordering: .relaxed)
    }

    /// memcached's realtime(): exptime from the protocol -> relative expiry (0 = never).
    /// 0 -> 0; negative -> 1 (already expired); <= 30 days -> now + exptime; else an absolute Unix time,
    /// where a time at or before `processStarted` -> 1 (already expired). Results are truncated to 32 bits
    /// exactly as memcached's rel_time_t cast does. (The token-level quirks of 1.6.18, such as
    /// 4294967296 parsing as 0, belong to the protocol parser, which hands the parsed value here.)
    public func relativeExpiry(fromProtocol exptime: Int64) -> UInt32 {
        if exptime == 0 { return 0 }
        if exptime < 0 { return 1 }
        if exptime > EngineClock.maximumRelativeExptime {
            if exptime <= Int64(processStarted) { return 1 }
            return UInt32(truncatingIfNeeded: exptime &- Int64(processStarted))
        }
        return UInt32(truncatingIfNeeded: exptime &+ Int64(now))
    }

    private static func monotonicSeconds() -> Int {
        monotonicMicroseconds() / 1_000_000
    }

    /// CLOCK_MONOTONIC in microseconds (timing a restore; the server's stop deadline).
    public static func monotonicMicroseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1_000_000 + ts.tv_nsec / 1000
    }
}
