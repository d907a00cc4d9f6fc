// ExtendedOptions: memcached 1.6.18's `-o` sub-options (comma lists of `name` or `name=value`) with their
// `-h` descriptions, its size syntax for -I (`1m`, `512k`) and its reading of -m, applied to a
// ServerConfiguration. Lives here rather than in the executable so it is unit-tested.

import CacheEngine

/// A rejected command-line value, with memcached's wording where it has one.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension ServerConfiguration {
    /// memcached's -I syntax: bytes, or a number with a `k`/`K` (KiB) or `m`/`M` (MiB) suffix.
    /// Returns nil when it is not a non-negative number.
    public static func parseSize(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        var digits = Substring(text)
        var multiplier = 1
        switch last {
        case "k", "K":
            multiplier = 1024
            digits = digits.dropLast()
        case "m", "M":
            multiplier = 1024 * 1024
            digits = digits.dropLast()
        default: break
        }
        guard let value = Int(digits), value >= 0 else { return nil }
        let (result, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : result
    }

    /// memcached 1.6.18's -m: C's `atoi` of the argument, in MiB. `atoi` reads optional leading white space,
    /// a sign and digits and ignores whatever follows, so `64m` and `64M` are 64, `1024k` is 1024, `1g` is 1
    /// and `abc` is 0; the number is clamped to 64 bits and then truncated to a 32-bit `int`, as glibc's does.
    public static func parseMegabytes(_ text: String) -> Int {
        var bytes = Substring(text).utf8.drop { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var magnitude: UInt64 = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { break }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            magnitude = o1 || o2 ? UInt64.max : sum
        }
        let long: Int64 =
            negative
            ? (magnitude > UInt64(Int64.max) ? Int64.min : -Int64(magnitude))
            : Int64(clamping: magnitude)
        return Int(Int32(truncatingIfNeeded: long))
    }

    /// The `-o` sub-options swiftcached acts on or records, with memcached 1.6.18's `-h` wording (for
    /// `swiftcached -h`). Most have a `no_` form that turns them off.
    public static let extendedOptionsHelp: [(name: String, help: String)] = [
        ("maxconns_fast", "immediately close new connections after limit (default: enabled)"),
        ("hashpower", "an integer multiplier for how large the hash table should be; grows at runtime"),
        ("slab_reassign", "allow slab pages to move between classes (default: enabled)"),
        ("slab_automove", "0|1|2: background page mover mode (default: 1)"),
        ("slab_automove_ratio", "ratio of the oldest item ages that triggers a move (default: 0.8)"),
        ("slab_automove_window", "samples the page mover looks at (default: 30)"),
        ("tail_repair_time", "seconds before forcefully killing an LRU tail item (default: disabled)"),
        ("hash_algorithm", "jenkins, murmur3 or xxh3: accepted and reported; the engine keeps its own hash"),
        ("lru_crawler", "LRU crawler background thread (default: enabled; no_lru_crawler disables)"),
        ("lru_crawler_sleep", "microseconds to sleep between items (default: 100)"),
        ("lru_crawler_tocrawl", "max items to crawl per slab per run (default: 0, unlimited)"),
        ("lru_maintainer", "segmented LRU + background thread (default: enabled)"),
        ("hot_lru_pct", "pct of slab memory to reserve for hot lru (default: 20)"),
        ("warm_lru_pct", "pct of slab memory to reserve for warm lru (default: 40)"),
        ("hot_max_factor", "items idle > cold lru age * this drop from hot lru (default: 0.20)"),
        ("warm_max_factor", "items idle > cold lru age * this drop from warm (default: 2.00)"),
        ("temporary_ttl", "TTLs below this get a separate LRU, can't be evicted (default: 61)"),
        ("scan_guard", "swiftcached: seconds warm keeps its items while cold gets no hits (default: 60, 0: off)"),
        ("idle_timeout", "timeout for idle connections in seconds (default: 0, no timeout)"),
        ("watcher_logbuf_size", "size in kilobytes of per-watcher write buffer. (default: 256)"),
        (
            "worker_logbuf_size",
            "size in kilobytes of per-worker-thread buffer read by background thread, then written to watchers. (default: 64)"
        ),
        ("metrics_port", "swiftcached: Prometheus GET /metrics on this port, first -l address (default: off)"),
        ("latency_histograms", "swiftcached: per-command latency for 'stats latency' and metrics (default: enabled)"),
        ("hotkeys", "swiftcached: sample requested keys for 'stats hotkeys' and the metrics (default: off)"),
        ("hotkeys_sample", "swiftcached: with hotkeys, sample one request in N on average (default: 16)"),
        (
            "hotkeys_threshold",
            "swiftcached: with hotkeys, requests/s at which 'watch hotkeys' announces a key (default: 1000)"
        ),
        ("read_buf_mem_limit", "megabytes of connection buffers, split between worker threads (default: 0, no limit)"),
        ("slab_chunk_max", "end of the chunk size series in bytes: 524288 (default) or 1048576"),
        ("no_chunked_items", "slab_chunk_max of a whole page (1048576)"),
        ("slab_sizes", "explicit chunk sizes instead of the -f series, e.g. 100-200-300"),
        ("slab_automove_freeratio", "reported only: memcached reads it with extstore (default: 0.01)"),
        ("no_hashexpand", "keep the hash table at its initial size"),
        ("track_sizes", "enable dynamic reports for 'stats sizes'"),
        ("auth_readonly_file", "file of user:password lines (the -Y format) whose users may only read"),
        ("ssl_chain_cert", "certificate chain file in PEM format"),
        ("ssl_key", "private key, if not part of the -ssl_chain_cert"),
        ("ssl_keyformat", "private key format (PEM, DER or ENGINE) (default: PEM)"),
        ("ssl_verify_mode", "peer certificate verification mode, default is 0(None); 1(Request), 2(Require), 3(Once)"),
        ("ssl_ciphers", "specify cipher list to be used"),
        ("ssl_ca_cert", "PEM format file of acceptable client CA's"),
        ("ssl_wbuf_size", "size in kilobytes of per-connection SSL output buffer (default: 16)"),
        ("ssl_session_cache", "enable server-side SSL session cache, to support session resumption"),
        ("ssl_kernel_tls", "enable kernel TLS offload"),
        ("ssl_min_version", "minimum protocol version: 0(tlsv1.0), 1(tlsv1.1), 2(tlsv1.2, default) or 3(tlsv1.3)"),
        ("modern", "enables options which will be default in future; currently: nothing"),
        ("no_modern", "uses defaults of previous major version (1.4.x)"),
    ]

    /// `extendedOptionsHelp` laid out as `memcached -h` lays out its `-o` list, plus the names accepted
    /// and ignored.
    public static var extendedOptionsHelpText: String {
        var lines = ["most options have a 'no_' prefix to disable"]
        for (name, help) in extendedOptionsHelp {
            let label = "- \(name):"
            lines.append(label + String(repeating: " ", count: max(1, 23 - label.count)) + help)
        }
        lines.append(
            "accepted with no effect, as in memcached 1.6.18: "
                + noEffectExtendedOptions.sorted().joined(separator: ", "))
        lines.append(
            "refused (features swiftcached does not have): ext_*, drop_privileges, sock_cookie_id")
        return lines.joined(separator: "\n")
    }

    /// Sub-options that have no effect in memcached 1.6.18 either (`resp_obj_mem_limit` is deprecated there,
    /// the inline-response switches are no-ops, and privileges are only dropped on request): accepted,
    /// with memcached's own note where it prints one.
    static let noEffectExtendedOptions: Set<String> = [
        "inline_ascii_resp", "no_inline_ascii_resp", "no_drop_privileges", "resp_obj_mem_limit",
    ]

    /// Sub-options of features swiftcached does not have: refused at start, naming the feature, rather than
    /// accepted and ignored.
    static func unsupportedFeature(of name: String) -> String? {
        if name.hasPrefix("ext_") { return "external storage (extstore)" }
        switch name {
        case "drop_privileges": return "the seccomp sandbox"
        case "sock_cookie_id": return "socket marks (SO_MARK)"
        default: return nil
        }
    }

    /// Applies `-o` arguments (each may be a comma list): the memory-policy ones to `engine`, the rest to
    /// this configuration. Returns notes for accepted-but-ignored options; throws on an unknown option or a
    /// bad value, as memcached does.
    public mutating func applyExtendedOptions(
        _ arguments: [String], engine: inout EngineConfiguration
    ) throws(ConfigurationError) -> [String] {
        var notes: [String] = []
        var slabSizesArgument: String?
        var hotKeysTuned = false
        let items = arguments.flatMap { $0.split(separator: ",").map { String($0) } }.filter { !$0.isEmpty }
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let value = parts.count > 1 ? parts[1] : nil
            func int(_ range: ClosedRange<Int> = 0...Int.max) throws(ConfigurationError) -> Int {
                guard let value, let n = Int(value) else {
                    throw ConfigurationError("Missing or invalid numeric argument for \(name)")
                }
                guard range.contains(n) else {
                    throw ConfigurationError(
                        "Argument for \(name) out of range (\(range.lowerBound)...\(range.upperBound))")
                }
                return n
            }
            func double() throws(ConfigurationError) -> Double {
                guard let value, let d = Double(value) else {
                    throw ConfigurationError("Missing or invalid numeric argument for \(name)")
                }
                return d
            }
            switch name {
            case "maxconns_fast": maxConnsFast = true
            case "no_maxconns_fast": maxConnsFast = false
            case "hashpower":
                let n = try int(Int.min...Int.max)
                if n < 12 { throw ConfigurationError("Initial hashtable multiplier of \(n) is too low") }
                if n > 64 {
                    throw ConfigurationError(
                        "Initial hashtable multiplier of \(n) is too high\n"
                            + "Choose a value based on \"STAT hash_power_level\" from a running instance")
                }
                hashPowerInitial = n
            case "slab_reassign": engine.slabReassign = true
            case "no_slab_reassign": engine.slabReassign = false
            case "slab_automove": engine.slabAutomove = value == nil ? 1 : try int(0...2)
            case "no_slab_automove": engine.slabAutomove = 0
            case "slab_automove_ratio": engine.slabAutomoveRatio = try double()
            case "slab_automove_window": engine.slabAutomoveWindow = try int(1...Int.max)
            case "tail_repair_time":
                let n = try int()
                if n < 10 { throw ConfigurationError("Cannot set tail_repair_time to less than 10 seconds") }
                tailRepairTime = n
            case "hash_algorithm":
                guard let value, ["jenkins", "murmur3", "xxh3"].contains(value) else {
                    throw ConfigurationError("Unavailable hash_algorithm option: \(value ?? "")")
                }
                hashAlgorithm = value
                notes.append("NOTE: -o hash_algorithm is accepted; the engine uses its own hash.")
            case "lru_crawler": engine.lruCrawler = true
            case "no_lru_crawler": engine.lruCrawler = false
            case "lru_crawler_sleep": engine.lruCrawlerSleep = try int(0...1_000_000)
            case "lru_crawler_tocrawl": engine.lruCrawlerToCrawl = try int()
            // memcached ties the segmented LRU to its maintainer thread.
            case "lru_maintainer":
                engine.lruMaintainer = true
                engine.lruSegmented = true
            case "no_lru_maintainer":
                engine.lruMaintainer = false
                engine.lruSegmented = false
            case "hot_lru_pct":
                engine.hotLRUPercent = try int()
                if engine.hotLRUPercent < 1 || engine.hotLRUPercent >= 80 {
                    throw ConfigurationError("hot_lru_pct must be > 1 and < 80")
                }
            case "warm_lru_pct":
                engine.warmLRUPercent = try int()
                if engine.warmLRUPercent < 1 || engine.warmLRUPercent >= 80 {
                    throw ConfigurationError("warm_lru_pct must be > 1 and < 80")
                }
            case "hot_max_factor":
                engine.hotMaxFactor = try double()
                if engine.hotMaxFactor <= 0 { throw ConfigurationError("hot_max_factor must be > 0") }
            case "warm_max_factor":
                engine.warmMaxFactor = try double()
                if engine.warmMaxFactor <= 0 { throw ConfigurationError("warm_max_factor must be > 0") }
            case "temporary_ttl":
                engine.temporaryTTL = UInt32(truncatingIfNeeded: try int())
                engine.temporaryLRU = true
            case "scan_guard": engine.scanGuardSeconds = UInt32(try int(0...Int(Int32.max)))
            case "idle_timeout": idleTimeout = try int()
            // Kilobytes, as memcached's (whose worker_logbuf_size also falls through into slab_sizes; the
            // README's compatibility table lists that difference).
            case "watcher_logbuf_size": watcherLogbufSize = try int(1...(1 << 20)) * 1024
            case "worker_logbuf_size": workerLogbufSize = try int(1...(1 << 20)) * 1024
            case "metrics_port": metricsPort = try int(0...65535)
            case "latency_histograms": latencyHistograms = true
            case "no_latency_histograms": latencyHistograms = false
            case "hotkeys": hotKeys = true
            case "no_hotkeys": hotKeys = false
            case "hotkeys_sample":
                hotKeysSample = try int(1...1_000_000)
                hotKeysTuned = true
            case "hotkeys_threshold":
                hotKeysThreshold = try int(1...Int(Int32.max))
                hotKeysTuned = true
            // Megabytes on the command line, bytes in `stats settings` (as memcached): see ConnectionMemory.
            case "read_buf_mem_limit": readBufMemLimit = try int(0...(1 << 30)) * (1 << 20)
            case "track_sizes": engine.trackSizes = true
            // In bytes, as memcached 1.6.18 takes and reports it.
            case "slab_chunk_max": engine.slabChunkMax = try int(1...Int(Int32.max))
            case "no_chunked_items": engine.slabChunkMax = engine.slabPageSize
            case "slab_sizes": slabSizesArgument = value ?? ""
            case "slab_automove_freeratio": slabAutomoveFreeRatio = try double()
            case "no_hashexpand": engine.hashExpand = false
            case "auth_readonly_file":
                guard let value, !value.isEmpty else { throw ConfigurationError("Missing path for auth_readonly_file") }
                authReadOnlyFile = value
            case "ssl_chain_cert", "ssl_key", "ssl_ciphers", "ssl_ca_cert", "ssl_keyformat", "ssl_verify_mode",
                "ssl_wbuf_size", "ssl_min_version":
                try applyTLSOption(name, value)
            case "ssl_session_cache": tls.sessionCache = true
            case "ssl_kernel_tls": tls.kernelTLS = true
            case "modern": break  // memcached 1.6.18: "currently: nothing"
            case "no_modern":
                engine.slabChunkMax = engine.slabPageSize  // one whole slab page, as memcached's no_modern
                engine.slabReassign = false
                engine.slabAutomove = 0
                maxConnsFast = false
                engine.lruSegmented = false
                engine.lruMaintainer = false
                engine.lruCrawler = false
                hashAlgorithm = "jenkins"
            default:
                if let feature = Self.unsupportedFeature(of: name) {
                    throw ConfigurationError("-o \(name): swiftcached does not support \(feature)")
                } else if name == "resp_obj_mem_limit" {
                    notes.append("DEPRECATED: resp_obj_mem_limit no longer used. See read_buf_mem_limit,")
                } else if !Self.noEffectExtendedOptions.contains(name) {
                    throw ConfigurationError("Illegal suboption \"\(item)\"")
                }
            }
        }
        try validateSlabChunks(engine: &engine, slabSizes: slabSizesArgument)
        if engine.hotLRUPercent + engine.warmLRUPercent > 80 {
            throw ConfigurationError("hot_lru_pct + warm_lru_pct cannot be more than 80% combined")
        }
        if hotKeysTuned && !hotKeys {
            throw ConfigurationError("hotkeys_sample and hotkeys_threshold require hotkeys to be enabled")
        }
        if engine.temporaryLRU && !engine.lruMaintainer {
            throw ConfigurationError("temporary_ttl requires lru_maintainer to be enabled")
        }
        return notes
    }

    /// The valued `ssl_*` sub-options, with memcached 1.6.18's messages: a missing value, a number that does
    /// not parse (strtol/strtoul rules: no sign for the size), and the 0-3 ranges of the two modes.
    private mutating func applyTLSOption(_ name: String, _ value: String?) throws(ConfigurationError) {
        guard let value else { throw ConfigurationError("Missing \(name) argument") }
        func number(unsigned: Bool = false) throws(ConfigurationError) -> Int {
            guard let n = Int(value), !(unsigned && value.hasPrefix("-")), n <= Int(Int32.max), n >= Int(Int32.min)
            else {
                throw ConfigurationError("could not parse argument to \(name)")
            }
            return n
        }
        switch name {
        case "ssl_chain_cert": tls.chainCert = value
        case "ssl_key": tls.key = value
        case "ssl_ciphers": tls.ciphers = value
        case "ssl_ca_cert": tls.caCert = value
        case "ssl_keyformat": tls.keyFormat = try number()
        case "ssl_verify_mode":
            let n = try number()
            guard (0...3).contains(n) else {
                throw ConfigurationError("Invalid ssl_verify_mode. Use help to see valid options.")
            }
            tls.verifyMode = n
        case "ssl_min_version":
            let n = try number()
            guard (0...3).contains(n) else {
                throw ConfigurationError("Invalid ssl_min_version. Use help to see valid options.")
            }
            tls.minVersion = n
        case "ssl_wbuf_size": tls.writeBufferSize = try number(unsigned: true) * 1024
        default: break
        }
    }

    /// memcached's checks of `slab_chunk_max` against -I and the page, then its `slab_sizes` parser (sizes
    /// joined by `-`, each at least `-n`, at most slab_chunk_max, each more than 8 bytes above the last).
    /// swiftcached has no chunked items, so a chunk limit below half a page is refused.
    private func validateSlabChunks(
        engine: inout EngineConfiguration, slabSizes: String?
    ) throws(ConfigurationError) {
        let page = engine.slabPageSize
        let chunkMax = engine.slabChunkMax == 0 ? page / 2 : engine.slabChunkMax
        if engine.slabChunkMax != 0 {
            if chunkMax > engine.itemSizeMax {
                throw ConfigurationError(
                    "slab_chunk_max (bytes: \(chunkMax)) cannot be larger than -I (item_size_max \(engine.itemSizeMax))"
                )
            }
            if engine.itemSizeMax % chunkMax != 0 {
                throw ConfigurationError(
                    "-I (item_size_max: \(engine.itemSizeMax)) must be evenly divisible by slab_chunk_max (bytes: \(chunkMax))"
                )
            }
            if page % chunkMax != 0 {
                throw ConfigurationError(
                    "slab_chunk_max (bytes: \(chunkMax)) must divide evenly into \(page) (slab_page_size)")
            }
            if chunkMax < page / 2 {
                throw ConfigurationError(
                    "slab_chunk_max (bytes: \(chunkMax)): swiftcached has no chunked items; use \(page / 2) or \(page)")
            }
        }
        guard let slabSizes else { return }
        var sizes: [Int] = []
        var last = 0
        // memcached splits with strtok_r, so empty pieces ("100--200", a trailing "-") are skipped.
        for piece in slabSizes.split(separator: "-") {
            let size = UInt32(piece).map(Int.init) ?? 0
            if size < engine.chunkMinSize || size > chunkMax {
                throw ConfigurationError("slab size \(size) is out of valid range")
            }
            if last >= size {
                throw ConfigurationError("slab size \(size) cannot be lower than or equal to a previous class size")
            }
            if size <= last + 8 {
                throw ConfigurationError("slab size \(size) must be at least 8 bytes larger than previous class")
            }
            sizes.append(size)
            last = size
            if sizes.count >= 63 { throw ConfigurationError("too many slab classes specified") }
        }
        if sizes.isEmpty { throw ConfigurationError("slab size 0 is out of valid range") }
        engine.slabSizes = sizes
    }
}
