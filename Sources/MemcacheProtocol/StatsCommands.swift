// StatsCommands: the `stats` command and its sub-commands.
//
//   stats                      server lines and engine counters, merged in memcached 1.6.18's order
//   stats settings | conns     lines supplied by the server
//   stats items | slabs        per slab class lines from the engine
//   stats sizes [_enable|_disable], stats reset, stats detail on|off|dump, stats cachedump <id> <limit>
//   stats hotkeys [N]          swiftcached's: the N hottest keys with their estimated rates (-o hotkeys)
//
// Not on the hot path: Strings and arrays are fine here. Every reply ends with END (or is a single
// status line), except `stats sizes_enable/_disable`, which memcached 1.6.18 answers without END.

import CacheEngine
import Synchronization

/// memcached 1.6.18's `stats` field order. Fields neither the server nor the engine reports are printed
/// as 0 (they count features swiftcached does not have: slab rebalancing, logger, extstore, ...), so the
/// output has memcached's shape and every value stays numeric for monitoring tools.
let generalStatsOrder: [String] = [
    "pid", "uptime", "time", "version", "libevent", "pointer_size", "rusage_user", "rusage_system",
    "max_connections", "curr_connections", "total_connections", "rejected_connections", "connection_structures",
    "response_obj_oom", "response_obj_count", "response_obj_bytes", "read_buf_count", "read_buf_bytes",
    "read_buf_bytes_free", "read_buf_oom", "reserved_fds", "cmd_get", "cmd_set", "cmd_flush", "cmd_touch",
    "cmd_meta", "get_hits", "get_misses", "get_expired", "get_flushed", "delete_misses", "delete_hits",
    "incr_misses", "incr_hits", "decr_misses", "decr_hits", "cas_misses", "cas_hits", "cas_badval",
    "touch_hits", "touch_misses", "store_too_large", "store_no_memory", "auth_cmds", "auth_errors",
    "idle_kicks", "bytes_read", "bytes_written", "limit_maxbytes", "accepting_conns", "listen_disabled_num",
    "time_in_listen_disabled_us", "threads", "conn_yields", "hash_power_level", "hash_bytes",
    "hash_is_expanding", "slab_reassign_rescues", "slab_reassign_chunk_rescues",
    "slab_reassign_evictions_nomem", "slab_reassign_inline_reclaim", "slab_reassign_busy_items",
    "slab_reassign_busy_deletes", "slab_reassign_running", "slabs_moved", "lru_crawler_running",
    "lru_crawler_starts", "lru_maintainer_juggles", "malloc_fails", "log_worker_dropped", "log_worker_written",
    "log_watcher_skipped", "log_watcher_sent", "log_watchers", "ssl_new_sessions", "ssl_handshake_errors",
    "time_since_server_cert_refresh", "unexpected_napi_ids", "round_robin_fallback",
    "bytes", "curr_items", "total_items", "slab_global_page_pool", "expired_unfetched", "evicted_unfetched",
    "evicted_active", "evictions", "reclaimed", "crawler_reclaimed", "crawler_items_checked",
    "lrutail_reflocked", "moves_to_cold", "moves_to_warm", "moves_within_lru", "direct_reclaims",
    "lru_bumps_dropped",
]

/// Text-valued general stats, and those memcached prints only with TLS on (`ssl_new_sessions` only with its
/// session cache): left out when the server does not report them rather than printed as 0.
let textualGeneralStats: Set<String> = [
    "version", "libevent", "rusage_user", "rusage_system", "ssl_new_sessions", "ssl_handshake_errors",
    "time_since_server_cert_refresh",
]

/// Server lines memcached prints only in some configurations (`idle_kicks`: only with idle_timeout > 0):
/// left out when the server does not report them.
let conditionalServerStats: Set<String> = ["idle_kicks"]

/// memcached's MAX_NUMBER_OF_SLAB_CLASSES, the bound of `stats cachedump`'s class id.
private let maximumSlabClasses: UInt32 = 64

extension ProtocolSession {
    /// stats [sub-command ...]
    func stats(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if tokens.count == 1 {
            writeGeneralStats(to: output)
            output.append("END\r\n")
            return .handled
        }
        let subcommand = tokens[1]
        if readOnly && Self.statsSubcommandChangesState(tokens) { return denyClassic(tokens, output: output) }
        if subcommand.matches("reset") {
            engine.resetStats()
            engine.prefixStatistics.reset()
            hooks.resetServerStats()
            output.append("RESET\r\n")
        } else if subcommand.matches("detail") {
            // memcached's process_stats_detail: extra tokens are ignored; a dump works while detail is off.
            if tokens.token(2, is: "on") || tokens.token(2, is: "off") {
                engine.prefixStatistics.setEnabled(tokens.token(2, is: "on"))
                output.append("OK\r\n")
            } else if tokens.token(2, is: "dump") {
                engine.prefixStatistics.dump().withUnsafeBytes { output.append($0) }
            } else {
                output.append("CLIENT_ERROR usage: stats detail on|off|dump\r\n")
            }
        } else if subcommand.matches("settings") {
            writeStatLines(hooks.settingsStats(), to: output)
            output.append("END\r\n")
        } else if subcommand.matches("latency") {
            // Beyond memcached: per-family request latency (LatencyHistograms.swift).
            if let latency = hooks.latencyStatistics() {
                writeStatLines(latency.statLines(), to: output)
            } else {
                output.append("STAT latency_histograms disabled\r\n")
            }
            output.append("END\r\n")
        } else if subcommand.matches("cachedump") {
            writeCacheDump(tokens, to: output)
        } else if subcommand.matches("conns") {
            writeStatLines(hooks.connectionStats(), to: output)
            output.append("END\r\n")
        } else if subcommand.matches("hotkeys") {
            writeHotKeys(tokens, to: output)
        } else if subcommand.matches("extstore") {
            output.append("END\r\n")
        } else if subcommand.matches("items") {
            for (name, value) in StatsReport.items(engine: engine) { writeStatLine(name, value, to: output) }
            output.append("END\r\n")
        } else if subcommand.matches("slabs") {
            for (name, value) in StatsReport.slabs(engine: engine) { writeStatLine(name, value, to: output) }
            output.append("END\r\n")
        } else if subcommand.matches("sizes") {
            if engine.sizeTracking.load(ordering: .relaxed) {
                for (size, count) in engine.sizesHistogram() {
                    writeStatLine(String(size), UInt64(count), to: output)
                }
            } else {
                output.append("STAT sizes_status disabled\r\n")
            }
            output.append("END\r\n")
        } else if subcommand.matches("sizes_enable") {
            engine.sizeTracking.store(true, ordering: .relaxed)
            output.append("STAT sizes_status enabled\r\n")
        } else if subcommand.matches("sizes_disable") {
            engine.sizeTracking.store(false, ordering: .relaxed)
            output.append("STAT sizes_status disabled\r\n")
        } else {
            output.append("ERROR\r\n")
        }
        return .handled
    }

    /// Plain `stats` (StatsReport.swift builds the lines; the Prometheus endpoint reads the same ones).
    private func writeGeneralStats(to output: OutputBuffer) {
        writeStatLines(StatsReport.general(hooks: hooks, engine: engine), to: output)
    }

    /// `stats hotkeys [N]`: N (default 10, 1...100) lines `STAT hotkey:<key> <requests/s>`, hottest first, the
    /// key printed by `HotKeyRecorder.printable` and the rate with one decimal, then END. Off, or with a
    /// bad N, a CLIENT_ERROR line.
    private func writeHotKeys(_ tokens: Tokenizer, to output: OutputBuffer) {
        var limit = HotKeyLimits.defaultLines
        if tokens.count > 3 {
            output.append("CLIENT_ERROR usage: stats hotkeys [N]\r\n")
            return
        }
        if tokens.count == 3 {
            guard let n = ProtocolNumbers.parseUInt32(tokens[2]), n >= 1, n <= HotKeyLimits.maximumLines else {
                output.append("CLIENT_ERROR usage: stats hotkeys [N], N from 1 to 100\r\n")
                return
            }
            limit = Int(n)
        }
        guard let keys = hooks.hotKeyReport(limit: limit) else {
            output.append(Reply.hotKeysOff)
            return
        }
        for hot in keys {
            writeStatLine("hotkey:" + HotKeyRecorder.printable(hot.key), HotKeyLimits.formatRate(hot.rate), to: output)
        }
        output.append("END\r\n")
    }

    /// `stats cachedump <class> <limit>`: refused with -X, validated like memcached, then the class's COLD
    /// items newest first as `ITEM <key> [<bytes> b; <unix expiry or 0> s]`, at most 2 MB of lines.
    private func writeCacheDump(_ tokens: Tokenizer, to output: OutputBuffer) {
        guard hooks.adminState().dumpEnabled else {
            output.append("CLIENT_ERROR stats cachedump not allowed\r\n")
            return
        }
        guard tokens.count >= 4 else {
            output.append("CLIENT_ERROR bad command line\r\n")
            return
        }
        guard let classID = ProtocolNumbers.parseUInt32(tokens[2]), let limit = ProtocolNumbers.parseUInt32(tokens[3])
        else {
            output.append("CLIENT_ERROR bad command line format\r\n")
            return
        }
        guard classID < maximumSlabClasses else {
            output.append("CLIENT_ERROR Illegal slab id\r\n")
            return
        }
        let started = Int64(engine.clock.processStarted)
        // memcached's 2 MB buffer holds at least this many of the shortest lines.
        let maximumLines = (2 << 20) / 24
        var written = 0
        engine.cachedump(classID: Int(classID), limit: Int(limit), maximumLines: maximumLines) { key, length, exptime in
            // memcached stops when the next line would not fit its 2 MB buffer.
            guard written + key.count + 40 < 2 << 20 else { return }
            let before = output.readableBytes
            output.append("ITEM ")
            output.append(key)
            output.append(" [")
            output.appendDecimal(length)
            output.append(" b; ")
            output.appendDecimal(exptime == 0 ? 0 : started + Int64(exptime))
            output.append(" s]\r\n")
            written += output.readableBytes - before
        }
        output.append("END\r\n")
    }

    private func writeStatLines(_ lines: [(String, String)], to output: OutputBuffer) {
        for (name, value) in lines { writeStatLine(name, value, to: output) }
    }

    private func writeStatLine(_ name: String, _ value: String, to output: OutputBuffer) {
        output.append("STAT ")
        output.append(string: name)
        output.append(byte: 0x20)
        output.append(string: value)
        output.append("\r\n")
    }

    private func writeStatLine(_ name: String, _ value: UInt64, to output: OutputBuffer) {
        output.append("STAT ")
        output.append(string: name)
        output.append(byte: 0x20)
        output.appendDecimal(value)
        output.append("\r\n")
    }
}

extension ProtocolSession {
    /// `stats reset`, `stats detail on|off`, `stats sizes_enable|sizes_disable`: refused to read-only users.
    static func statsSubcommandChangesState(_ tokens: Tokenizer) -> Bool {
        tokens.token(1, is: "reset") || tokens.token(1, is: "sizes_enable") || tokens.token(1, is: "sizes_disable")
            || (tokens.token(1, is: "detail") && (tokens.token(2, is: "on") || tokens.token(2, is: "off")))
    }
}
