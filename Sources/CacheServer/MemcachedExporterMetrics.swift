// MemcachedExporterMetrics: the `stats`, `stats settings`, `stats items` and `stats slabs` lines turned into
// the metric families prometheus/memcached_exporter publishes for them (pkg/exporter/exporter.go): the same
// names, help texts, types and labels, and the same derivations (commands_total from the *_hits/_misses
// fields, `set` as cmd_set minus the cas commands, rusage timevals as seconds), so its dashboards and alerts
// work unchanged against swiftcached's own endpoint. Then swiftcached's own families for the `stats` lines
// memcached lacks. A pure function of a `StatsSnapshot`: the snapshot holds the very lines the stats
// commands print (StatsReport), nothing is computed twice.
import MemcacheProtocol

/// The stats lines one scrape reads, as the stats commands print them.
public struct StatsSnapshot: Sendable {
    /// `stats`, in its printed order.
    public var general: [(String, String)]
    /// `stats settings`.
    public var settings: [(String, String)]
    /// `stats items`, class by class (printed as `items:<class>:<name>`).
    public var items: [StatsReport.ClassLines]
    /// `stats slabs`, class by class (printed as `<class>:<name>`).
    public var slabs: [StatsReport.ClassLines]
    /// The last lines of `stats slabs`: `active_slabs`, `total_malloced`.
    public var slabTotals: [(String, UInt64)]

    public init(
        general: [(String, String)], settings: [(String, String)] = [], items: [StatsReport.ClassLines] = [],
        slabs: [StatsReport.ClassLines] = [], slabTotals: [(String, UInt64)] = []
    ) {
        self.general = general
        self.settings = settings
        self.items = items
        self.slabs = slabs
        self.slabTotals = slabTotals
    }
}

/// memcached_exporter's mapping, and swiftcached's additions.
public enum MemcachedExporterMetrics {
    /// Every family for one snapshot (unsorted; `MetricsExposition.render` sorts).
    public static func families(from snapshot: StatsSnapshot, swiftcachedVersion: String) -> [MetricFamily] {
        var builder = Builder()
        let parsed = ParsedStats(snapshot)
        builder.addStats(parsed.stats)
        builder.addItems(parsed.items)
        builder.addSlabs(parsed.slabs)
        builder.addSettings(parsed.settings)
        builder.add(up, .gauge, 1)
        builder.addSwiftcached(parsed.stats, version: swiftcachedVersion)
        return builder.families
    }

    // MARK: - descriptors: memcached_exporter's names, help texts and labels

    struct Descriptor: Sendable {
        var name: String
        var help: String
    }

    static let up = Descriptor(name: "memcached_up", help: "Could the memcached server be reached.")
    static let uptime = Descriptor(
        name: "memcached_uptime_seconds", help: "Number of seconds since the server started.")
    static let time = Descriptor(
        name: "memcached_time_seconds", help: "current UNIX time according to the server.")
    static let version = Descriptor(name: "memcached_version", help: "The version of this memcached server.")
    static let rusageUser = Descriptor(
        name: "memcached_process_user_cpu_seconds_total", help: "Accumulated user time for this process.")
    static let rusageSystem = Descriptor(
        name: "memcached_process_system_cpu_seconds_total", help: "Accumulated system time for this process.")
    static let bytesRead = Descriptor(
        name: "memcached_read_bytes_total", help: "Total number of bytes read by this server from network.")
    static let bytesWritten = Descriptor(
        name: "memcached_written_bytes_total", help: "Total number of bytes sent by this server to network.")
    static let currentConnections = Descriptor(
        name: "memcached_current_connections", help: "Current number of open connections.")
    static let maxConnections = Descriptor(
        name: "memcached_max_connections", help: "Maximum number of clients allowed.")
    static let connectionsTotal = Descriptor(
        name: "memcached_connections_total",
        help: "Total number of connections opened since the server started running.")
    static let rejectedConnections = Descriptor(
        name: "memcached_connections_rejected_total",
        help: "Total number of connections rejected due to hitting the memcached's -c limit in maxconns_fast mode.")
    static let connsYielded = Descriptor(
        name: "memcached_connections_yielded_total",
        help: "Total number of connections yielded running due to hitting the memcached's -R limit.")
    static let listenerDisabled = Descriptor(
        name: "memcached_connections_listener_disabled_total",
        help: "Number of times that memcached has hit its connections limit and disabled its listener.")
    static let currentBytes = Descriptor(
        name: "memcached_current_bytes", help: "Current number of bytes used to store items.")
    static let limitBytes = Descriptor(
        name: "memcached_limit_bytes", help: "Number of bytes this server is allowed to use for storage.")
    static let commands = Descriptor(
        name: "memcached_commands_total",
        help: "Total number of all requests broken down by command (get, set, etc.) and status.")
    static let items = Descriptor(
        name: "memcached_current_items", help: "Current number of items stored by this instance.")
    static let itemsTotal = Descriptor(
        name: "memcached_items_total", help: "Total number of items stored during the life of this instance.")
    static let evictions = Descriptor(
        name: "memcached_items_evicted_total",
        help: "Total number of valid items removed from cache to free memory for new items.")
    static let reclaimed = Descriptor(
        name: "memcached_items_reclaimed_total",
        help: "Total number of times an entry was stored using memory from an expired entry.")
    static let itemStoreTooLarge = Descriptor(
        name: "memcached_item_too_large_total",
        help: "The number of times an item exceeded the max-item-size when being stored.")
    static let itemStoreNoMemory = Descriptor(
        name: "memcached_item_no_memory_total",
        help: "The number of times an item could not be stored due to no more memory.")
    static let directReclaims = Descriptor(
        name: "memcached_direct_reclaims_total", help: "Times worker threads had to directly reclaim or evict items.")
    static let lruCrawlerEnabled = Descriptor(
        name: "memcached_lru_crawler_enabled", help: "Whether the LRU crawler is enabled.")
    static let lruCrawlerSleep = Descriptor(
        name: "memcached_lru_crawler_sleep", help: "Microseconds to sleep between LRU crawls.")
    static let lruCrawlerMaxItems = Descriptor(
        name: "memcached_lru_crawler_to_crawl", help: "Max items to crawl per slab per run.")
    static let lruMaintainerThread = Descriptor(
        name: "memcached_lru_crawler_maintainer_thread", help: "Split LRU mode and background threads.")
    static let lruHotPercent = Descriptor(
        name: "memcached_lru_crawler_hot_percent", help: "Percent of slab memory reserved for HOT LRU.")
    static let lruWarmPercent = Descriptor(
        name: "memcached_lru_crawler_warm_percent", help: "Percent of slab memory reserved for WARM LRU.")
    static let lruHotMaxAgeFactor = Descriptor(
        name: "memcached_lru_crawler_hot_max_factor", help: "Set idle age of HOT LRU to COLD age * this")
    static let lruWarmMaxAgeFactor = Descriptor(
        name: "memcached_lru_crawler_warm_max_factor", help: "Set idle age of WARM LRU to COLD age * this")
    static let lruCrawlerStarts = Descriptor(
        name: "memcached_lru_crawler_starts_total", help: "Times an LRU crawler was started.")
    static let lruCrawlerReclaimed = Descriptor(
        name: "memcached_lru_crawler_reclaimed_total", help: "Total items freed by LRU Crawler.")
    static let lruCrawlerItemsChecked = Descriptor(
        name: "memcached_lru_crawler_items_checked_total", help: "Total items examined by LRU Crawler.")
    static let lruCrawlerMovesToCold = Descriptor(
        name: "memcached_lru_crawler_moves_to_cold_total",
        help: "Total number of items moved from HOT/WARM to COLD LRU's.")
    static let lruCrawlerMovesToWarm = Descriptor(
        name: "memcached_lru_crawler_moves_to_warm_total", help: "Total number of items moved from COLD to WARM LRU.")
    static let lruCrawlerMovesWithinLru = Descriptor(
        name: "memcached_lru_crawler_moves_within_lru_total",
        help: "Total number of items reshuffled within HOT or WARM LRU's.")
    static let malloced = Descriptor(
        name: "memcached_malloced_bytes", help: "Number of bytes of memory allocated to slab pages.")
    static let acceptingConnections = Descriptor(
        name: "memcached_accepting_connections", help: "The Memcached server is currently accepting new connections.")
    static let itemsNumber = Descriptor(
        name: "memcached_slab_current_items", help: "Number of items currently stored in this slab class.")
    static let itemsAge = Descriptor(
        name: "memcached_slab_items_age_seconds", help: "Number of seconds the oldest item has been in the slab class.")
    static let itemsCrawlerReclaimed = Descriptor(
        name: "memcached_slab_items_crawler_reclaimed_total", help: "Number of items freed by the LRU Crawler.")
    static let itemsEvicted = Descriptor(
        name: "memcached_slab_items_evicted_total",
        help: "Total number of times an item had to be evicted from the LRU before it expired.")
    static let itemsEvictedNonzero = Descriptor(
        name: "memcached_slab_items_evicted_nonzero_total",
        help:
            "Total number of times an item which had an explicit expire time set had to be evicted from the LRU before it expired."
    )
    static let itemsEvictedTime = Descriptor(
        name: "memcached_slab_items_evicted_time_seconds",
        help: "Seconds since the last access for the most recent item evicted from this class.")
    static let itemsEvictedUnfetched = Descriptor(
        name: "memcached_slab_items_evicted_unfetched_total", help: "Total nmber of items evicted and never fetched.")
    static let itemsExpiredUnfetched = Descriptor(
        name: "memcached_slab_items_expired_unfetched_total",
        help: "Total number of valid items evicted from the LRU which were never touched after being set.")
    static let itemsOutofmemory = Descriptor(
        name: "memcached_slab_items_outofmemory_total",
        help: "Total number of items for this slab class that have triggered an out of memory error.")
    static let itemsReclaimed = Descriptor(
        name: "memcached_slab_items_reclaimed_total", help: "Total number of items reclaimed.")
    static let itemsTailrepairs = Descriptor(
        name: "memcached_slab_items_tailrepairs_total",
        help: "Total number of times the entries for a particular ID need repairing.")
    static let itemsMovesToCold = Descriptor(
        name: "memcached_slab_items_moves_to_cold", help: "Number of items moved from HOT or WARM into COLD.")
    static let itemsMovesToWarm = Descriptor(
        name: "memcached_slab_items_moves_to_warm", help: "Number of items moves from COLD into WARM.")
    static let itemsMovesWithinLru = Descriptor(
        name: "memcached_slab_items_moves_within_lru",
        help: "Number of times active items were bumped within HOT or WARM.")
    static let itemsHot = Descriptor(
        name: "memcached_slab_hot_items", help: "Number of items presently stored in the HOT LRU.")
    static let itemsWarm = Descriptor(
        name: "memcached_slab_warm_items", help: "Number of items presently stored in the WARM LRU.")
    static let itemsCold = Descriptor(
        name: "memcached_slab_cold_items", help: "Number of items presently stored in the COLD LRU.")
    static let itemsTemporary = Descriptor(
        name: "memcached_slab_temporary_items", help: "Number of items presently stored in the TEMPORARY LRU.")
    static let itemsAgeOldestHot = Descriptor(
        name: "memcached_slab_hot_age_seconds", help: "Age of the oldest item in HOT LRU.")
    // memcached_exporter's help text says HOT here too.
    static let itemsAgeOldestWarm = Descriptor(
        name: "memcached_slab_warm_age_seconds", help: "Age of the oldest item in HOT LRU.")
    static let itemsLruHits = Descriptor(name: "memcached_slab_lru_hits_total", help: "Number of get_hits to the LRU.")
    static let slabsChunkSize = Descriptor(
        name: "memcached_slab_chunk_size_bytes", help: "Number of bytes allocated to each chunk within this slab class."
    )
    static let slabsChunksPerPage = Descriptor(
        name: "memcached_slab_chunks_per_page", help: "Number of chunks within a single page for this slab class.")
    static let slabsCurrentPages = Descriptor(
        name: "memcached_slab_current_pages", help: "Number of pages allocated to this slab class.")
    static let slabsCurrentChunks = Descriptor(
        name: "memcached_slab_current_chunks", help: "Number of chunks allocated to this slab class.")
    static let slabsChunksUsed = Descriptor(
        name: "memcached_slab_chunks_used", help: "Number of chunks allocated to an item.")
    static let slabsChunksFree = Descriptor(
        name: "memcached_slab_chunks_free", help: "Number of chunks not yet allocated items.")
    static let slabsChunksFreeEnd = Descriptor(
        name: "memcached_slab_chunks_free_end", help: "Number of free chunks at the end of the last allocated page.")
    static let slabsMemRequested = Descriptor(
        name: "memcached_slab_mem_requested_bytes",
        help: "Number of bytes of memory actual items take up within a slab.")
    static let slabsCommands = Descriptor(
        name: "memcached_slab_commands_total",
        help: "Total number of all requests broken down by command (get, set, etc.) and status per slab.")

    // swiftcached's own: `stats` lines memcached does not have.
    static let crossProtocolCloses = Descriptor(
        name: "swiftcached_cross_protocol_closes_total",
        help: "Connections closed on a request in another protocol (an HTTP request line, a binary request).")
    static let warmRestartItems = Descriptor(
        name: "swiftcached_warm_restart_items", help: "Items restored by the last warm restart (-e).")
    static let warmRestartSeconds = Descriptor(
        name: "swiftcached_warm_restart_seconds", help: "Time the last warm restart (-e) took to restore the items.")
    static let buildInfo = Descriptor(
        name: "swiftcached_build_info",
        help: "swiftcached's own version (memcached_version reports the memcached release it is compatible with).")

    // MARK: - the stats lines, grouped as memcached_exporter's client (gomemcache) groups them

    /// gomemcache's reading of `stats`, `stats slabs` and `stats items` (one map for the global lines of all
    /// three, one map per class for the per-class lines) and of `stats settings`.
    struct ParsedStats {
        var stats: [String: String] = [:]
        var slabs: [(Int, [String: UInt64])] = []
        var items: [(Int, [String: UInt64])] = []
        var settings: [String: String] = [:]

        init(_ snapshot: StatsSnapshot) {
            stats.reserveCapacity(snapshot.general.count + snapshot.slabTotals.count)
            for (name, value) in snapshot.general { stats[name] = value }
            for (name, value) in snapshot.slabTotals { stats[name] = String(value) }
            for (name, value) in snapshot.settings { settings[name] = value }
            slabs = snapshot.slabs.map { ($0.id, Self.map($0.lines)) }
            items = snapshot.items.map { ($0.id, Self.map($0.lines)) }
        }

        private static func map(_ lines: [(String, UInt64)]) -> [String: UInt64] {
            var map: [String: UInt64] = [:]
            map.reserveCapacity(lines.count)
            for (name, value) in lines { map[name] = value }
            return map
        }
    }

    // MARK: - the mapping

    struct Builder {
        private(set) var families: [MetricFamily] = []
        private var index: [String: Int] = [:]

        mutating func add(
            _ descriptor: Descriptor, _ type: MetricType, _ value: Double, _ labels: [(String, String)] = []
        ) {
            let sample = MetricSample(labels: labels.map { MetricSample.Label($0.0, $0.1) }, value: value)
            if let at = index[descriptor.name] {
                families[at].samples.append(sample)
            } else {
                index[descriptor.name] = families.count
                families.append(
                    MetricFamily(name: descriptor.name, help: descriptor.help, type: type, samples: [sample]))
            }
        }

        /// memcached_exporter's parseAndNewMetric: nothing when the key is missing or not a number.
        mutating func add(
            _ descriptor: Descriptor, _ type: MetricType, from map: [String: String], _ key: String,
            _ labels: [(String, String)] = []
        ) {
            guard let text = map[key], let value = Double(text) else { return }
            add(descriptor, type, value, labels)
        }

        /// The same for a per-class map (already numbers).
        mutating func add(
            _ descriptor: Descriptor, _ type: MetricType, from map: [String: UInt64], _ key: String,
            _ labels: [(String, String)] = []
        ) {
            guard let value = map[key] else { return }
            add(descriptor, type, Double(value), labels)
        }

        /// parseTimevalAndNewMetric: `seconds.microseconds`.
        mutating func addTimeval(_ descriptor: Descriptor, from map: [String: String], _ key: String) {
            guard let text = map[key] else { return }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let seconds = Double(parts[0]), let micros = Double(parts[1]) else { return }
            add(descriptor, .counter, seconds + micros / 1_000_000)
        }

        /// parseBoolAndNewMetric: `yes` 1, `no` 0.
        mutating func addBool(_ descriptor: Descriptor, from map: [String: String], _ key: String) {
            switch map[key] {
            case "yes": add(descriptor, .gauge, 1)
            case "no": add(descriptor, .gauge, 0)
            default: return
            }
        }

        private static func sum(_ map: [String: String], _ keys: [String]) -> Double? {
            var total = 0.0
            for key in keys {
                guard let text = map[key], let value = Double(text) else { return nil }
                total += value
            }
            return total
        }

        private static func sum(_ map: [String: UInt64], _ keys: [String]) -> Double? {
            var total = 0.0
            for key in keys {
                guard let value = map[key] else { return nil }
                total += Double(value)
            }
            return total
        }

        private static let operations = ["get", "delete", "incr", "decr", "cas", "touch"]

        /// The exporter's parseStats, global part.
        mutating func addStats(_ s: [String: String]) {
            typealias M = MemcachedExporterMetrics
            if let version = s["version"] { add(M.version, .gauge, 1, [("version", version)]) }
            for op in Self.operations {
                add(M.commands, .counter, from: s, op + "_hits", [("command", op), ("status", "hit")])
                add(M.commands, .counter, from: s, op + "_misses", [("command", op), ("status", "miss")])
            }
            add(M.uptime, .counter, from: s, "uptime")
            add(M.time, .gauge, from: s, "time")
            add(M.commands, .counter, from: s, "cas_badval", [("command", "cas"), ("status", "badval")])
            add(M.commands, .counter, from: s, "cmd_flush", [("command", "flush"), ("status", "hit")])
            // memcached counts cas commands in cmd_set too.
            if let set = s["cmd_set"].flatMap(Double.init),
                let cas = Self.sum(s, ["cas_misses", "cas_hits", "cas_badval"])
            {
                add(M.commands, .counter, set - cas, [("command", "set"), ("status", "hit")])
            }
            addTimeval(M.rusageUser, from: s, "rusage_user")
            addTimeval(M.rusageSystem, from: s, "rusage_system")
            add(M.currentBytes, .gauge, from: s, "bytes")
            add(M.limitBytes, .gauge, from: s, "limit_maxbytes")
            add(M.items, .gauge, from: s, "curr_items")
            add(M.itemsTotal, .counter, from: s, "total_items")
            add(M.bytesRead, .counter, from: s, "bytes_read")
            add(M.bytesWritten, .counter, from: s, "bytes_written")
            add(M.currentConnections, .gauge, from: s, "curr_connections")
            add(M.connectionsTotal, .counter, from: s, "total_connections")
            add(M.rejectedConnections, .counter, from: s, "rejected_connections")
            add(M.connsYielded, .counter, from: s, "conn_yields")
            add(M.listenerDisabled, .counter, from: s, "listen_disabled_num")
            add(M.evictions, .counter, from: s, "evictions")
            add(M.reclaimed, .counter, from: s, "reclaimed")
            add(M.itemStoreTooLarge, .counter, from: s, "store_too_large")
            add(M.itemStoreNoMemory, .counter, from: s, "store_no_memory")
            add(M.lruCrawlerStarts, .counter, from: s, "lru_crawler_starts")
            add(M.directReclaims, .counter, from: s, "direct_reclaims")
            add(M.lruCrawlerItemsChecked, .counter, from: s, "crawler_items_checked")
            add(M.lruCrawlerReclaimed, .counter, from: s, "crawler_reclaimed")
            add(M.lruCrawlerMovesToCold, .counter, from: s, "moves_to_cold")
            add(M.lruCrawlerMovesToWarm, .counter, from: s, "moves_to_warm")
            add(M.lruCrawlerMovesWithinLru, .counter, from: s, "moves_within_lru")
            add(M.malloced, .gauge, from: s, "total_malloced")
            add(M.acceptingConnections, .gauge, from: s, "accepting_conns")
            // The exporter's extstore and proxy families need `extstore_limit_maxbytes` / `proxy_backend_total`,
            // which swiftcached (no extstore, no proxy) never prints.
        }

        /// The exporter's parseStats, `stats items` part.
        mutating func addItems(_ classes: [(Int, [String: UInt64])]) {
            typealias M = MemcachedExporterMetrics
            let counters: [(String, Descriptor)] = [
                ("crawler_reclaimed", M.itemsCrawlerReclaimed), ("evicted", M.itemsEvicted),
                ("evicted_nonzero", M.itemsEvictedNonzero), ("evicted_time", M.itemsEvictedTime),
                ("evicted_unfetched", M.itemsEvictedUnfetched), ("expired_unfetched", M.itemsExpiredUnfetched),
                ("outofmemory", M.itemsOutofmemory), ("reclaimed", M.itemsReclaimed),
                ("tailrepairs", M.itemsTailrepairs), ("mem_requested", M.slabsMemRequested),
                ("moves_to_cold", M.itemsMovesToCold), ("moves_to_warm", M.itemsMovesToWarm),
                ("moves_within_lru", M.itemsMovesWithinLru),
            ]
            let gauges: [(String, Descriptor)] = [
                ("number_hot", M.itemsHot), ("number_warm", M.itemsWarm), ("number_cold", M.itemsCold),
                ("number_temp", M.itemsTemporary), ("age_hot", M.itemsAgeOldestHot),
                ("age_warm", M.itemsAgeOldestWarm),
            ]
            for (id, u) in classes {
                let slab = [("slab", String(id))]
                add(M.itemsNumber, .gauge, from: u, "number", slab)
                add(M.itemsAge, .gauge, from: u, "age", slab)
                for (key, lru) in [
                    ("hits_to_hot", "hot"), ("hits_to_warm", "warm"), ("hits_to_cold", "cold"),
                    ("hits_to_temp", "temporary"),
                ] {
                    add(M.itemsLruHits, .counter, from: u, key, slab + [("lru", lru)])
                }
                for (key, descriptor) in counters { add(descriptor, .counter, from: u, key, slab) }
                for (key, descriptor) in gauges { add(descriptor, .gauge, from: u, key, slab) }
            }
        }

        /// The exporter's collectSlabMetrics (`stats slabs`).
        mutating func addSlabs(_ classes: [(Int, [String: UInt64])]) {
            typealias M = MemcachedExporterMetrics
            for (id, v) in classes {
                let slab = String(id)
                for op in Self.operations {
                    add(
                        M.slabsCommands, .counter, from: v, op + "_hits",
                        [("slab", slab), ("command", op), ("status", "hit")])
                }
                add(
                    M.slabsCommands, .counter, from: v, "cas_badval",
                    [("slab", slab), ("command", "cas"), ("status", "badval")])
                if let set = v["cmd_set"], let cas = Self.sum(v, ["cas_hits", "cas_badval"]) {
                    add(
                        M.slabsCommands, .counter, Double(set) - cas,
                        [("slab", slab), ("command", "set"), ("status", "hit")])
                }
                let labels = [("slab", slab)]
                add(M.slabsChunkSize, .gauge, from: v, "chunk_size", labels)
                add(M.slabsChunksPerPage, .gauge, from: v, "chunks_per_page", labels)
                add(M.slabsCurrentPages, .gauge, from: v, "total_pages", labels)
                add(M.slabsCurrentChunks, .gauge, from: v, "total_chunks", labels)
                add(M.slabsChunksUsed, .gauge, from: v, "used_chunks", labels)
                add(M.slabsChunksFree, .gauge, from: v, "free_chunks", labels)
                add(M.slabsChunksFreeEnd, .gauge, from: v, "free_chunks_end", labels)
                add(M.slabsMemRequested, .gauge, from: v, "mem_requested", labels)
            }
        }

        /// The exporter's parseStatsSettings.
        mutating func addSettings(_ settings: [String: String]) {
            typealias M = MemcachedExporterMetrics
            add(M.maxConnections, .gauge, from: settings, "maxconns")
            guard settings["lru_crawler"] == "yes" else { return }
            addBool(M.lruCrawlerEnabled, from: settings, "lru_crawler")
            add(M.lruCrawlerSleep, .gauge, from: settings, "lru_crawler_sleep")
            add(M.lruCrawlerMaxItems, .gauge, from: settings, "lru_crawler_tocrawl")
            addBool(M.lruMaintainerThread, from: settings, "lru_maintainer_thread")
            add(M.lruHotPercent, .gauge, from: settings, "hot_lru_pct")
            add(M.lruWarmPercent, .gauge, from: settings, "warm_lru_pct")
            add(M.lruHotMaxAgeFactor, .gauge, from: settings, "hot_max_factor")
            add(M.lruWarmMaxAgeFactor, .gauge, from: settings, "warm_max_factor")
        }

        /// swiftcached's families: the `stats` lines memcached lacks.
        mutating func addSwiftcached(_ s: [String: String], version: String) {
            typealias M = MemcachedExporterMetrics
            add(M.buildInfo, .gauge, 1, [("version", version)])
            // `stats` prints the line only once it is not zero; the series is there from the start.
            add(M.crossProtocolCloses, .counter, s["cross_protocol_closes"].flatMap(Double.init) ?? 0)
            add(M.warmRestartItems, .gauge, from: s, "warm_restart_items")
            if let micros = s["warm_restart_usec"].flatMap(Double.init) {
                add(M.warmRestartSeconds, .gauge, micros / 1_000_000)
            }
        }
    }
}
