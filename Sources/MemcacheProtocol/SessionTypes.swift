// Session types: what `ProtocolSession.process` returns, the settings a session runs with, and the hooks
// through which the protocol reaches the server (stats, verbosity, shutdown).

/// What the connection must do after a `ProtocolSession.process` call.
public enum SessionAction: Sendable, Equatable {
    /// Every complete request was handled; read more bytes, then call `process` again with the unconsumed
    /// input followed by the new bytes.
    case needMoreData
    /// The per-event request cap (`-R`) was reached while complete requests remain in the input. Flush the
    /// output, count a `conn_yields`, and call `process` again later with the unconsumed input.
    case yield
    /// A command streams more output than one call produces (a metadump): send the output, then call
    /// `process` again with the unconsumed input once the output has drained; the session handles no
    /// further request until the stream ends. Also returned between pipelined requests once more than
    /// `OutputBuffer.pauseThreshold` bytes wait to be sent.
    case continueAfterWrite
    /// Close the connection after sending what is in the output buffer: after `quit`, an accepted
    /// `shutdown`, input that can never become a valid request (an over-long line) or a cross-protocol
    /// request (`ProtocolSession.crossProtocolRequest` says which). In all but the first case the session
    /// already removed the replies memcached would not have sent. No more input must be processed.
    case close
    /// `watch` was accepted: send what is in the output buffer, then "OK\r\n", and hand the connection
    /// over to the server's logger for these streams. No more input is processed.
    case watch(WatchStreams)
}

/// The event streams a `watch` asks for (memcached 1.6.18's names, plus swiftcached's `hotkeys`).
public struct WatchStreams: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Key lookups (`item_get`); plain `watch` means this.
    public static let fetchers = WatchStreams(rawValue: 1)
    /// Storage outcomes (`item_store`).
    public static let mutations = WatchStreams(rawValue: 2)
    /// Evictions (`eviction`).
    public static let evictions = WatchStreams(rawValue: 4)
    /// Connections opened and closed (`conn_new`, `conn_close`).
    public static let connevents = WatchStreams(rawValue: 8)
    /// Background work (`lru_crawler`).
    public static let sysevents = WatchStreams(rawValue: 16)
    /// Keys crossing `-o hotkeys_threshold` (swiftcached's own).
    public static let hotkeys = WatchStreams(rawValue: 32)
}

/// A request in another protocol, on which the session closed the connection (`SessionAction.close`)
/// without answering it or anything after it.
public enum CrossProtocolRequest: Sendable, Equatable {
    /// An unknown command whose last token starts with `HTTP/` (memcached 1.6.18's rule).
    case http
    /// A request starting with the binary protocol's magic byte 0x80 (beyond memcached).
    case binary
}

/// Outcome of one `ProtocolSession.process` call.
public struct SessionStep: Sendable, Equatable {
    /// Input bytes handled; the caller drops them from its read buffer. Incomplete requests are never
    /// partially consumed, except the data of a rejected store, which is discarded as it arrives.
    public var consumed: Int
    /// What to do next.
    public var action: SessionAction

    public init(consumed: Int, action: SessionAction) {
        self.consumed = consumed
        self.action = action
    }
}

/// The settings a session needs, fixed at startup from the command line. What the engine is configured
/// with (item size limit, CAS) is read from the engine's `EngineConfiguration`, never copied here.
///
/// A value type copied into each session so the hot path reads plain stored properties.
public struct ProtocolSettings: Sendable {
    /// The session answers UDP datagrams: a reply must fit the datagram frames, so a streaming reply
    /// (`lru_crawler metadump`) is refused.
    public var isDatagram: Bool = false
    /// Text after `VERSION ` in the `version` reply.
    public var versionString: String = "1.6.18"
    /// `-A`: the `shutdown` command is allowed.
    public var shutdownEnabled: Bool = false
    /// False with `-F`: `flush_all` answers `CLIENT_ERROR flush_all not allowed`.
    public var flushEnabled: Bool = true
    /// False with `-W`: `watch` is refused.
    public var watchEnabled: Bool = true
    /// Longest key (memcached's KEY_MAX_LENGTH).
    public var maxKeyLength: Int = 250
    /// A request with no newline within this many bytes closes the connection, unless it is a
    /// `get`/`gets` (memcached's 2048).
    public var maxLineLength: Int = 2048
    /// Upper bound for a multi-key `get`/`gets` line still waiting for its newline; beyond it the
    /// connection is closed so a peer cannot make us buffer without limit.
    public var maxMultiGetLineLength: Int = 4 << 20
    /// `-Y`: connections must authenticate against these credentials first (nil: no authentication).
    public var credentials: Credentials? = nil

    public init() {}
}

/// What the protocol needs from the server: the server-owned parts of `stats`, `stats settings` and
/// `stats conns`, verbosity, shutdown, and resetting server counters.
///
/// Implemented by CacheServer; tests use a fake. Called only from the connection's own thread, off the
/// hot path (stats and admin commands).
public protocol ServerHooks: AnyObject {
    /// Server-owned lines of `stats` as (name, value): pid, uptime, time, version, libevent, pointer_size,
    /// rusage_user, rusage_system, max_connections, curr_connections, total_connections,
    /// rejected_connections, connection_structures, response_obj_*, read_buf_*, reserved_fds, bytes_read,
    /// bytes_written, accepting_conns, listen_disabled_num, time_in_listen_disabled_us, threads,
    /// conn_yields, ... and `idle_kicks` only when memcached prints it (idle_timeout > 0). The session
    /// merges them with the engine's counters in memcached 1.6.18's order; names memcached does not have
    /// are printed after its lines.
    func serverStats() -> [(String, String)]
    /// `stats settings` lines, in the order they should be printed.
    func settingsStats() -> [(String, String)]
    /// `stats conns` lines (names already include the `<fd>:` prefix), in order.
    func connectionStats() -> [(String, String)]
    /// `verbosity <n>`; `level` is already capped at memcached's maximum (2).
    func setVerbosity(_ level: Int)
    /// `shutdown [graceful]`; returns false when shutdown is not enabled (then the client sees
    /// `ERROR: shutdown not enabled`).
    func requestShutdown(graceful: Bool) -> Bool
    /// Part of `stats reset`: clears the server's resettable counters (total_connections, bytes, ...).
    func resetServerStats()
    /// The switches the admin commands answer by (metadump, cachedump).
    func adminState() -> AdminState
    /// `refresh_auth`: re-reads the authfile(s) into the session's `Credentials`; nil on success, else
    /// why not (the users loaded before stay in force).
    func reloadCredentials() -> String?
    /// `refresh_certs`: reloads the TLS certificate chain and key. Returns nil on success, else the
    /// complete error line to send (memcached's text, CRLF included, no `ERROR` prefix).
    func refreshCertificates() -> String?
    /// `stats hotkeys [N]`: the `limit` hottest keys of all workers, hottest first, with their estimated
    /// request rates (`HotKeyRecorder.merged`); nil when hot keys are off (no `-o hotkeys`).
    func hotKeyReport(limit: Int) -> [HotKey]?
    /// `stats latency`: the request latency figures of all workers since start or `stats reset`; nil when
    /// latency histograms are off.
    func latencyStatistics() -> LatencySnapshot?
}

extension ServerHooks {
    /// Default: memcached 1.6.18's defaults.
    public func adminState() -> AdminState { AdminState() }
    /// Default: nothing to reload from.
    public func reloadCredentials() -> String? { "no authentication file to reload" }
    /// Default: memcached's answer without -Z.
    public func refreshCertificates() -> String? { "Error TLS not enabled\r\n" }
    /// Default: hot keys are off.
    public func hotKeyReport(limit: Int) -> [HotKey]? { nil }
    /// Default: latency histograms off.
    public func latencyStatistics() -> LatencySnapshot? { nil }
}

/// Server switches that decide how admin commands answer.
public struct AdminState: Sendable {
    /// False with `-X`: `lru_crawler metadump` and `stats cachedump` are refused.
    public var dumpEnabled: Bool = true

    public init() {}
}
