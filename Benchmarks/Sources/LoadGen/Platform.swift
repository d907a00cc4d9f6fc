// Thin wrappers over Glibc used by the load generator: a monotonic nanosecond clock, sleeping until an
// absolute deadline, the thread's timer slack, reading a process's CPU time from /proc/PID/stat, this
// process's own CPU time, and starting/joining POSIX threads. Nothing here allocates on the per-request path.
import CLoadGenSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC, served by the vDSO, so no system call).
@inline(__always)
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Sleeps until the monotonic clock reaches `deadline` (nanoseconds), retrying after signals.
func sleepUntil(_ deadline: UInt64) {
    var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
}

/// Sets the calling thread's timer slack: how late the kernel may end its timeouts (epoll_pwait2,
/// nanosleep...), 50 us by default. Returns false when prctl fails (the slack is then unchanged).
@discardableResult
func setTimerSlack(nanos: UInt) -> Bool {
    cloadgen_set_timer_slack(nanos) == 0
}

/// CPU time (user + system, all threads) of another process, read from `/proc/PID/stat`.
/// The kernel reports it in clock ticks (`sysconf(_SC_CLK_TCK)`, normally 100 per second).
struct ProcessCPUTime: Sendable {
    var userTicks: UInt64
    var systemTicks: UInt64
    var totalTicks: UInt64 { userTicks + systemTicks }

    static let ticksPerSecond = UInt64(sysconf(Int32(_SC_CLK_TCK)))

    /// Returns nil when the process does not exist or the file cannot be parsed.
    static func sample(pid: Int32) -> ProcessCPUTime? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY)
        if fd < 0 { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return nil }
        // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
        guard let close = bytes[0..<n].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)..<n].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state); utime is field 14 and stime field 15.
        guard fields.count > 12,
            let user = UInt64(String(decoding: fields[11], as: UTF8.self)),
            let system = UInt64(String(decoding: fields[12], as: UTF8.self))
        else { return nil }
        return ProcessCPUTime(userTicks: user, systemTicks: system)
    }
}

/// CPU time used so far by this process (all threads), in microseconds.
func ownCPUMicros() -> UInt64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func micros(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000 + UInt64(t.tv_usec) }
    return micros(usage.ru_utime) + micros(usage.ru_stime)
}

/// A started POSIX thread running one closure; `join()` waits for it. Used instead of Foundation's Thread.
final class OSThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private var handle = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(
            &handle, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
    }

    func join() {
        pthread_join(handle, nil)
    }
}

/// Writes a line to standard error (the `stderr` global is not usable under strict concurrency).
func printError(_ message: String) {
    var line = message
    line.append("\n")
    line.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}
