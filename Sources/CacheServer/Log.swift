// Log: verbosity-gated diagnostics written straight to file descriptor 2 with write(2).
// (stderr/stdout globals are not usable under strict concurrency, and print is too slow for workers.)
import MemcacheProtocol
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server's messages at the process-wide verbosity (`Verbosity`, shared with the protocol layer's
/// `-vv` request lines). Messages are built only when their level is enabled.
public enum ServerLog {
    /// The current verbosity level.
    public static var verbosity: Int {
        get { Verbosity.current }
        set { Verbosity.level.store(newValue, ordering: .relaxed) }
    }

    /// True when messages of `minLevel` are printed.
    @inline(__always)
    static func enabled(_ minLevel: Int) -> Bool { Verbosity.current >= minLevel }

    /// Writes `message` and a newline to stderr when the verbosity is at least `minLevel`.
    static func log(_ minLevel: Int, _ message: @autoclosure () -> String) {
        guard enabled(minLevel) else { return }
        writeStderr(message() + "\n")
    }

    /// Unconditional write to stderr (startup errors).
    public static func writeStderr(_ text: String) {
        var text = text
        text.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = write(2, buf.baseAddress! + off, buf.count - off)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                off += n
            }
        }
    }
}
