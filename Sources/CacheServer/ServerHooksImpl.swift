// ServerHooks conformance: the server's part of `stats` (memcached 1.6.18 names and order), `stats settings`,
// `stats conns`, `verbosity`, `shutdown` and `stats reset`. Not on the hot path: aggregates per-worker
// counters on each call.
import CLibevent
import CacheEngine
import MemcacheProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension CacheServer: ServerHooks {
    /// memcached keeps this many descriptors in reserve; reported as-is.
    static let reservedFDs = 20

    private struct Totals {
        var bytesRead: UInt64 = 0
        var bytesWritten: UInt64 = 0
        var connYields: UInt64 = 0
        var idleKicks: UInt64 = 0
        var crossProtocolCloses: UInt64 = 0
        // Connection memory: live figures (not reset by `stats reset`, as memcached's) and two counters.
        var readBufCount = 0
        var readBufBytes = 0
        var readBufBytesFree = 0
        var responseObjCount = 0
        var responseObjBytes = 0
        var readBufOOM: UInt64 = 0
        var responseObjOOM: UInt64 = 0
    }

    private func workerTotals() -> Totals {
        var totals = Totals()
        for worker in workers {
            totals.bytesRead &+= worker.counters.bytesRead.load(ordering: .relaxed)
            totals.bytesWritten &+= worker.counters.bytesWritten.load(ordering: .relaxed)
            totals.connYields &+= worker.counters.connYields.load(ordering: .relaxed)
            totals.idleKicks &+= worker.counters.idleKicks.load(ordering: .relaxed)
            totals.crossProtocolCloses &+= worker.counters.crossProtocolCloses.load(ordering: .relaxed)
            let memory = worker.memory.stats
            totals.readBufCount &+= memory.readBufCount.load(ordering: .relaxed)
            totals.readBufBytes &+= memory.readBufBytes.load(ordering: .relaxed)
            totals.readBufBytesFree &+= memory.readBufBytesFree.load(ordering: .relaxed)
            totals.responseObjCount &+= memory.responseObjCount.load(ordering: .relaxed)
            totals.responseObjBytes &+= memory.responseObjBytes.load(ordering: .relaxed)
            totals.readBufOOM &+= memory.readBufOOM.load(ordering: .relaxed)
            totals.responseObjOOM &+= memory.responseObjOOM.load(ordering: .relaxed)
        }
        return totals
    }

    private static func timevalString(_ tv: timeval) -> String {
        let micros = String(tv.tv_usec)
        return "\(tv.tv_sec)." + String(repeating: "0", count: max(0, 6 - micros.count)) + micros
    }

    /// Server-owned `stats` lines in memcached 1.6.18's order (the session interleaves engine lines).
    public func serverStats() -> [(String, String)] {
        let totals = workerTotals()
        let base = baselineSnapshot()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let counters = connectionCounters
        let now = engine.clock.now
        let current = counters.current.load(ordering: .relaxed)
        let listeners = UInt64(listenSockets.count + udpSockets.count)
        var lines: [(String, String)] =
            [
                ("pid", String(getpid())),
                ("uptime", String(now)),
                ("time", String(engine.clock.processStarted + Int(now))),
                ("version", configuration.version),
                ("libevent", String(cString: event_get_version())),
                ("pointer_size", String(MemoryLayout<UnsafeRawPointer>.size * 8)),
                ("rusage_user", Self.timevalString(usage.ru_utime)),
                ("rusage_system", Self.timevalString(usage.ru_stime)),
                ("max_connections", String(configuration.maxConnections)),
                ("curr_connections", String(current)),
                ("total_connections", String(counters.total.load(ordering: .relaxed) &+ listeners &- base.total)),
                ("rejected_connections", String(counters.rejected.load(ordering: .relaxed) &- base.rejected)),
                ("connection_structures", String(counters.structures.load(ordering: .relaxed) + Int(listeners))),
                // What the workers' ConnectionMemory holds: response buffers are lent out of the same pool as
                // read buffers, so read_buf_* counts both, as memcached's read-buffer cache does.
                ("response_obj_oom", String(totals.responseObjOOM &- base.responseObjOOM)),
                ("response_obj_count", String(totals.responseObjCount)),
                ("response_obj_bytes", String(totals.responseObjBytes)),
                ("read_buf_count", String(totals.readBufCount)),
                ("read_buf_bytes", String(totals.readBufBytes)),
                ("read_buf_bytes_free", String(totals.readBufBytesFree)),
                ("read_buf_oom", String(totals.readBufOOM &- base.readBufOOM)),
                ("reserved_fds", String(Self.reservedFDs)),
                ("bytes_read", String(totals.bytesRead &- base.bytesRead)),
                ("bytes_written", String(totals.bytesWritten &- base.bytesWritten)),
                ("limit_maxbytes", String(engine.configuration.memoryLimit)),
                ("accepting_conns", String(counters.accepting.load(ordering: .relaxed))),
                (
                    "listen_disabled_num",
                    String(counters.listenDisabled.load(ordering: .relaxed) &- base.listenDisabled)
                ),
                (
                    "time_in_listen_disabled_us",
                    String(counters.listenDisabledMicros.load(ordering: .relaxed) &- base.listenDisabledMicros)
                ),
                ("threads", String(configuration.threads)),
                ("conn_yields", String(totals.connYields &- base.connYields)),
                ("auth_cmds", String(protocolSettings.credentials?.counters.attempts ?? 0)),
                ("auth_errors", String(protocolSettings.credentials?.counters.failures ?? 0)),
                ("malloc_fails", "0"),
                ("log_worker_dropped", String(logger.workerDropped.load(ordering: .relaxed))),
                ("log_worker_written", String(logger.workerWritten.load(ordering: .relaxed))),
                ("log_watcher_skipped", String(logger.watcherSkipped.load(ordering: .relaxed))),
                ("log_watcher_sent", String(logger.watcherSent.load(ordering: .relaxed))),
                ("log_watchers", String(logger.watcherCount.load(ordering: .relaxed))),
            ] + tlsStats(now: now) + [
                ("unexpected_napi_ids", "0"),
                ("round_robin_fallback", "0"),
            ]
        // memcached prints idle_kicks only when idle_timeout is set (the session places it).
        if configuration.idleTimeout > 0 {
            lines.append(("idle_kicks", String(totals.idleKicks &- base.idleKicks)))
        }
        // swiftcached's own line, after memcached's: shown once it is not zero, so `stats` keeps memcached's
        // lines exactly until a cross-protocol request has been refused.
        let crossProtocolCloses = totals.crossProtocolCloses &- base.crossProtocolCloses
        if crossProtocolCloses > 0 {
            lines.append(("cross_protocol_closes", String(crossProtocolCloses)))
        }
        // swiftcached's own lines, only with -e (memcached records no restart in `stats`).
        if engine.configuration.memoryFile != nil {
            let report = engine.warmRestartReport
            lines.append(("warm_restart_items", String(report?.items ?? 0)))
            lines.append(("warm_restart_usec", String(report?.microseconds ?? 0)))
        }
        return lines
    }

    /// memcached's TLS lines of `stats`, only with -Z (`ssl_new_sessions` only with its session cache).
    private func tlsStats(now: UInt32) -> [(String, String)] {
        guard let tls = tlsContext else { return [] }
        let base = baselineSnapshot()
        var lines: [(String, String)] = []
        if tls.settings.sessionCache {
            lines.append(("ssl_new_sessions", String(tls.newSessions.load(ordering: .relaxed) &- base.sslNewSessions)))
        }
        lines.append(
            ("ssl_handshake_errors", String(tls.handshakeErrors.load(ordering: .relaxed) &- base.sslHandshakeErrors)))
        lines.append(("time_since_server_cert_refresh", String(tls.timeSinceRefresh(now: now))))
        return lines
    }

    /// `refresh_certs`: reloads the chain and key (memcached's error line when TLS is off or a file is bad).
    public func refreshCertificates() -> String? {
        guard let tls = tlsContext else { return "Error TLS not enabled\r\n" }
        return tls.refresh(now: engine.clock.now)
    }

    private func baselineSnapshot() -> CounterBaseline {
        baselineLock { $0 }
    }

    /// `stats reset`: the server part (bytes, yields, connection totals, rejections, listen pauses, and the
    /// TLS counters, which memcached keeps in its resettable stats).
    public func resetServerStats() {
        protocolSettings.credentials?.resetCounters()
        logger.resetCounters()
        if configuration.latencyHistograms {
            let now = LatencySnapshot(summing: workers.compactMap { $0.telemetry.latency })
            latencyBaseline.withLock { $0 = now }
        }
        let totals = workerTotals()
        let counters = connectionCounters
        baselineLock { base in
            base.bytesRead = totals.bytesRead
            base.bytesWritten = totals.bytesWritten
            base.connYields = totals.connYields
            base.idleKicks = totals.idleKicks
            base.crossProtocolCloses = totals.crossProtocolCloses
            base.readBufOOM = totals.readBufOOM
            base.responseObjOOM = totals.responseObjOOM
            base.total = counters.total.load(ordering: .relaxed)
            base.rejected = counters.rejected.load(ordering: .relaxed)
            base.listenDisabled = counters.listenDisabled.load(ordering: .relaxed)
            base.listenDisabledMicros = counters.listenDisabledMicros.load(ordering: .relaxed)
            base.sslHandshakeErrors = tlsContext?.handshakeErrors.load(ordering: .relaxed) ?? 0
            base.sslNewSessions = tlsContext?.newSessions.load(ordering: .relaxed) ?? 0
        }
    }

    /// `stats settings`, memcached 1.6.18's names and order (including its extstore and TLS lines).
    public func settingsStats() -> [(String, String)] {
        let c = runtimeSettings.withLock { $0 }
        let policy = engine.memoryPolicySettings
        func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
        func fixed(_ d: Double) -> String {
            let scaled = Int((d * 100).rounded())
            let frac = scaled % 100
            return "\(scaled / 100)." + (frac < 10 ? "0" : "") + String(frac)
        }
        let tcpPort =
            c.unixSocketPath != nil
            ? 0 : (c.tcpPort == ServerConfiguration.ephemeralPort ? (tcpPorts.first ?? 0) : c.tcpPort)
        let udpPort =
            c.unixSocketPath != nil
            ? 0 : (c.udpPort == ServerConfiguration.ephemeralPort ? (udpPorts.first ?? 0) : c.udpPort)
        var lines: [(String, String)] = [
            ("maxbytes", String(engine.configuration.memoryLimit)),
            ("maxconns", String(c.maxConnections)),
            ("tcpport", String(tcpPort)),
            ("udpport", String(udpPort)),
            ("inter", c.listenAddresses.isEmpty ? "NULL" : c.listenAddresses.joined(separator: ",")),
            ("verbosity", String(ServerLog.verbosity)),
            ("oldest", "0"),
            ("evictions", engine.configuration.evictionsEnabled ? "on" : "off"),
            ("domain_socket", c.unixSocketPath ?? "NULL"),
            ("umask", String(c.unixSocketMask, radix: 8)),
            ("shutdown_command", yesNo(c.shutdownEnabled)),
            ("growth_factor", fixed(engine.configuration.growthFactor)),
            ("chunk_size", String(engine.configuration.chunkMinSize)),
            ("num_threads", String(c.threads)),
            ("num_threads_per_udp", String(c.threads)),
            ("stat_key_prefix", String(decoding: [engine.prefixStatistics.delimiter], as: UTF8.self)),
            ("detail_enabled", yesNo(engine.prefixStatistics.isEnabled)),
            ("reqs_per_event", String(c.requestsPerEvent)),
            ("cas_enabled", yesNo(engine.configuration.casEnabled)),
            ("tcp_backlog", String(c.backlog)),
            ("binding_protocol", c.bindingProtocol),
            ("auth_enabled_sasl", "no"),
            ("auth_enabled_ascii", protocolSettings.credentials?.path ?? "no"),
            ("item_size_max", String(engine.configuration.itemSizeMax)),
            ("maxconns_fast", yesNo(c.maxConnsFast)),
            ("hashpower_init", String(c.hashPowerInitial)),
            ("slab_reassign", yesNo(engine.configuration.slabReassign)),
            ("slab_automove", String(engine.slabAutomove)),
            ("slab_automove_ratio", fixed(engine.slabAutomoveRatio)),
            ("slab_automove_window", String(engine.configuration.slabAutomoveWindow)),
            (
                "slab_chunk_max",
                String(
                    engine.configuration.slabChunkMax == 0
                        ? engine.configuration.slabPageSize / 2 : engine.configuration.slabChunkMax)
            ),
            ("lru_crawler", yesNo(policy.lruCrawler)),
            ("lru_crawler_sleep", String(policy.lruCrawlerSleep)),
            ("lru_crawler_tocrawl", String(policy.lruCrawlerToCrawl)),
            ("tail_repair_time", String(c.tailRepairTime)),
            ("flush_enabled", yesNo(c.flushEnabled)),
            ("dump_enabled", yesNo(c.dumpEnabled)),
            ("hash_algorithm", c.hashAlgorithm),
            ("lru_maintainer_thread", yesNo(policy.lruMaintainer)),
            ("lru_segmented", yesNo(policy.lruSegmented)),
            ("hot_lru_pct", String(policy.hotLRUPercent)),
            ("warm_lru_pct", String(policy.warmLRUPercent)),
            ("hot_max_factor", fixed(policy.hotMaxFactor)),
            ("warm_max_factor", fixed(policy.warmMaxFactor)),
            ("temp_lru", yesNo(policy.temporaryLRU)),
            ("temporary_ttl", String(policy.temporaryTTL)),
            ("idle_timeout", String(c.idleTimeout)),
            ("watcher_logbuf_size", String(c.watcherLogbufSize)),
            ("worker_logbuf_size", String(c.workerLogbufSize)),
            ("read_buf_mem_limit", String(c.readBufMemLimit)),
            ("track_sizes", yesNo(engine.sizeTracking.load(ordering: .relaxed))),
            ("inline_ascii_response", "no"),
        ]
        if let readOnlyPath = protocolSettings.credentials?.readOnlyPath,
            let index = lines.firstIndex(where: { $0.0 == "auth_enabled_ascii" })
        {
            // swiftcached's own line, next to memcached's auth settings (only when the option is used).
            lines.insert(("auth_readonly_file", readOnlyPath), at: index + 1)
        }
        return lines
            + Self.extstoreAndTLSSettings(
                freeRatio: c.slabAutomoveFreeRatio, memoryFile: engine.configuration.memoryFile, tls: c.tls)
            + [
                // swiftcached's own settings, after all of memcached's.
                ("scan_guard", String(engine.configuration.scanGuardSeconds)),
                ("latency_histograms", yesNo(configuration.latencyHistograms)),
                ("hotkeys", yesNo(c.hotKeys)),
                ("hotkeys_sample", String(c.hotKeysSample)),
                ("hotkeys_threshold", String(c.hotKeysThreshold)),
            ]
    }

    /// `stats latency` and the metrics endpoint: the workers' latency figures since start or the last
    /// `stats reset`; nil with `-o no_latency_histograms`.
    public func latencyStatistics() -> LatencySnapshot? {
        guard configuration.latencyHistograms else { return nil }
        let now = LatencySnapshot(summing: workers.compactMap { $0.telemetry.latency })
        return now.subtracting(latencyBaseline.withLock { $0 })
    }

    /// The extstore and TLS lines of memcached 1.6.18's `stats settings` (the Debian build has both
    /// compiled in). swiftcached has no external storage, so those are memcached's defaults; the TLS lines
    /// show the -Z / -o ssl_* settings (see `TLSSettings.settingsLines`). `(null)` is glibc's rendering
    /// of a NULL `%s`, which memcached prints for unset certificate paths. Among them sits
    /// `slab_automove_freeratio`, which memcached's automove reads only with extstore; it is reported as
    /// given. (C's "%.3f" for it: `fixed3`.)
    static func fixed3(_ d: Double) -> String {
        let scaled = Int((abs(d) * 1000).rounded())
        let frac = String(scaled % 1000)
        return (d < 0 && scaled != 0 ? "-" : "") + "\(scaled / 1000)." + String(repeating: "0", count: 3 - frac.count)
            + frac
    }

    static func extstoreAndTLSSettings(
        freeRatio: Double, memoryFile: String?, tls: TLSSettings = TLSSettings()
    ) -> [(String, String)] {
        [
            ("ext_item_size", "512"),
            ("ext_item_age", "4294967295"),
            ("ext_low_ttl", "0"),
            ("ext_recache_rate", "2000"),
            ("ext_wbuf_size", "4194304"),
            ("ext_compact_under", "0"),
            ("ext_drop_under", "0"),
            ("ext_max_sleep", "1000000"),
            ("ext_max_frag", "0.80"),
            ("slab_automove_freeratio", Self.fixed3(freeRatio)),
            ("ext_drop_unread", "no"),
        ] + tls.settingsLines + [
            ("num_napi_ids", "(null)"),
            ("memory_file", memoryFile ?? "(null)"),
        ]
    }

    /// `stats conns`: listeners, UDP sockets and client connections, by file descriptor.
    public func connectionStats() -> [(String, String)] {
        let now = engine.clock.now
        var rows: [(Int32, [(String, String)])] = []
        // Listening sockets count from when they were bound, like memcached's listener connections, whose
        // last command time is their creation time.
        let created = listenersCreatedAt.load(ordering: .relaxed)
        let sinceStart = String(now >= created ? now - created : 0)
        for socket in listenSockets {
            rows.append(
                (
                    socket.fd,
                    [("addr", socket.address), ("state", "conn_listening"), ("secs_since_last_cmd", sinceStart)]
                ))
        }
        // memcached has one UDP connection per worker thread (each on a dup of the socket), each listed
        // after a "UDP UDP" line. Here every worker reads the one shared socket, so its fd repeats.
        for socket in udpSockets {
            let perWorker: [(String, String)] = [
                ("UDP", "UDP"), ("addr", socket.address), ("state", "conn_read"), ("secs_since_last_cmd", sinceStart),
            ]
            rows.append((socket.fd, Array(repeating: perWorker, count: workers.count).flatMap { $0 }))
        }
        let infos = registry { Array($0.values) }
        for info in infos {
            let last = info.lastCommand.load(ordering: .relaxed)
            let state = Connection.State(rawValue: info.state.load(ordering: .relaxed)) ?? .reading
            rows.append(
                (
                    info.fd,
                    [
                        ("addr", info.peer), ("listen_addr", info.listenAddress),
                        ("state", info.parsing.load(ordering: .relaxed) ? "conn_parse_cmd" : state.memcachedName),
                        ("secs_since_last_cmd", String(now >= last ? now - last : 0)),
                    ]
                ))
        }
        rows.sort { $0.0 < $1.0 }
        return rows.flatMap { fd, fields in fields.map { ("\(fd):\($0.0)", $0.1) } }
    }

    /// The switches admin commands answer by.
    public func adminState() -> AdminState {
        runtimeSettings.withLock { c in
            var state = AdminState()
            state.dumpEnabled = c.dumpEnabled
            return state
        }
    }

    /// `verbosity N`.
    public func setVerbosity(_ level: Int) {
        ServerLog.verbosity = max(0, level)
        logger.refreshItemEvents()
    }

    /// `shutdown [graceful]`: refused unless `-A`.
    public func requestShutdown(graceful: Bool) -> Bool {
        guard configuration.shutdownEnabled else { return false }
        ServerLog.log(1, graceful ? "Graceful shutdown requested" : "Shutdown requested")
        if let shutdownHandler { shutdownHandler(graceful) } else { requestStop() }
        return true
    }
}
