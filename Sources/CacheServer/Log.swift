// Log: the server's own messages (connection errors, accept failures, signals, reloads), gated by
// memcached's verbosity (-v, -vv, -vvv) and handed to swift-log, so a program embedding CacheServer can
// route them wherever its logging goes (`LoggingSystem.bootstrap`). The swiftcached executable bootstraps
// `MemcachedStderrLogHandler`, which writes each message as memcached would: the bare text and a newline
// on stderr, in one write(2). The per-request `-vv` lines (SessionTrace.swift) and `watch` streams
// (WatchLogger.swift) keep their own paths: they have exact formats and are written per connection.
import Logging
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
    /// The swift-log logger messages go to (label "swiftcached"), made on first use.
    static let logger = Logger(label: "swiftcached")

    /// The current verbosity level.
    public static var verbosity: Int {
        get { Verbosity.current }
        set { Verbosity.level.store(newValue, ordering: .relaxed) }
    }

    /// True when messages of `minLevel` are printed.
    @inline(__always)
    static func enabled(_ minLevel: Int) -> Bool { Verbosity.current >= minLevel }

    /// Logs `message` when the verbosity is at least `minLevel`: `-v` messages (errors and warnings) at
    /// swift-log's `notice`, `-vv` at `info`, `-vvv` at `debug`.
    static func log(_ minLevel: Int, _ message: @autoclosure () -> String) {
        guard enabled(minLevel) else { return }
        let level: Logger.Level = minLevel <= 1 ? .notice : (minLevel == 2 ? .info : .debug)
        logger.log(level: level, "\(message())")
    }

    /// Unconditional write to stderr (startup errors, which come before and outside logging).
    public static func writeStderr(_ text: String) { Verbosity.writeStderr(text) }
}

/// memcached's stderr format for swift-log: the message alone and a newline, in one write(2), whatever
/// the level and metadata (the verbosity already chose what is logged).
public struct MemcachedStderrLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(label: String) {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        ServerLog.writeStderr("\(event.message)\n")
    }
}
