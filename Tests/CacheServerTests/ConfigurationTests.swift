// Tests of the command-line value parsing that lives in CacheServer: memcached's -I sizes, the -o
// sub-options (read_buf_mem_limit's per-worker split among them), -l host:port splitting, and ReadBuffer
// growth/compaction.
import CacheEngine
import Testing

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Configuration parsing")
struct ConfigurationTests {
    @Test("-I sizes: bytes, k and m suffixes")
    func sizes() {
        #expect(ServerConfiguration.parseSize("1m") == 1 << 20)
        #expect(ServerConfiguration.parseSize("512k") == 512 * 1024)
        #expect(ServerConfiguration.parseSize("2M") == 2 << 20)
        #expect(ServerConfiguration.parseSize("4096") == 4096)
        #expect(ServerConfiguration.parseSize("abc") == nil)
        #expect(ServerConfiguration.parseSize("") == nil)
        #expect(ServerConfiguration.parseSize("-1k") == nil)
    }

    @Test("-m is read as memcached 1.6.18 reads it: atoi, so only the leading number counts")
    func megabytes() {
        #expect(ServerConfiguration.parseMegabytes("64") == 64)
        #expect(ServerConfiguration.parseMegabytes("64m") == 64)
        #expect(ServerConfiguration.parseMegabytes("64M") == 64)
        #expect(ServerConfiguration.parseMegabytes("1024k") == 1024)
        #expect(ServerConfiguration.parseMegabytes("1g") == 1)
        #expect(ServerConfiguration.parseMegabytes(" +64x") == 64)
        #expect(ServerConfiguration.parseMegabytes("abc") == 0)
        #expect(ServerConfiguration.parseMegabytes("") == 0)
        #expect(ServerConfiguration.parseMegabytes("-1") == -1)
        // memcached 1.6.18 reports maxbytes 1274808569430016 (1215752191 MiB) for -m 99999999999.
        #expect(ServerConfiguration.parseMegabytes("99999999999") == 1_215_752_191)
    }

    @Test("every -o name that -h lists is accepted")
    func helpListsAcceptedOptions() throws {
        for (name, _) in ServerConfiguration.extendedOptionsHelp {
            var configuration = ServerConfiguration()
            var engine = EngineConfiguration()
            let value: String
            switch name {
            case "hashpower": value = "=16"
            case "slab_automove", "lru_crawler_sleep", "lru_crawler_tocrawl", "idle_timeout", "hot_lru_pct",
                "warm_lru_pct", "temporary_ttl", "slab_automove_window", "scan_guard", "metrics_port",
                "watcher_logbuf_size", "worker_logbuf_size":
                value = "=1"
            case "read_buf_mem_limit": value = "=0"
            case "ssl_chain_cert", "ssl_key", "ssl_ciphers", "ssl_ca_cert": value = "=/x"
            case "ssl_keyformat", "ssl_verify_mode", "ssl_wbuf_size", "ssl_min_version": value = "=1"
            case "tail_repair_time": value = "=10"
            case "hotkeys_sample", "hotkeys_threshold": value = "=1,hotkeys"
            case "slab_chunk_max": value = "=524288"
            case "slab_sizes": value = "=100-200"
            case "hash_algorithm": value = "=murmur3"
            case "auth_readonly_file": value = "=/etc/readers"
            case "slab_automove_ratio", "hot_max_factor", "warm_max_factor", "slab_automove_freeratio": value = "=0.5"
            default: value = ""
            }
            _ = try configuration.applyExtendedOptions([name + value], engine: &engine)
        }
        #expect(ServerConfiguration.extendedOptionsHelpText.contains("- idle_timeout:"))
    }

    @Test("-o hotkeys: off by default, its tuning options need it, bad values are refused")
    func hotKeys() throws {
        var engine = EngineConfiguration()
        var c = ServerConfiguration()
        #expect(!c.hotKeys && c.hotKeysSample == 16 && c.hotKeysThreshold == 1000)
        _ = try c.applyExtendedOptions(["hotkeys,hotkeys_sample=4", "hotkeys_threshold=250"], engine: &engine)
        #expect(c.hotKeys && c.hotKeysSample == 4 && c.hotKeysThreshold == 250)
        _ = try c.applyExtendedOptions(["no_hotkeys"], engine: &engine)
        #expect(!c.hotKeys)
        for bad in [
            "hotkeys_sample=8", "hotkeys_threshold=5", "hotkeys,hotkeys_sample=0", "hotkeys,hotkeys_sample=x",
            "hotkeys,hotkeys_threshold=0", "hotkeys,hotkeys_sample=2000000",
        ] {
            var fresh = ServerConfiguration()
            #expect(throws: ConfigurationError.self, "\(bad)") {
                try fresh.applyExtendedOptions([bad], engine: &engine)
            }
        }
    }

    @Test("-o options map onto settings; ignored ones give notes; unknown ones fail")
    func extended() throws {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        let notes = try c.applyExtendedOptions(
            ["idle_timeout=5,no_maxconns_fast", "hashpower=20", "resp_obj_mem_limit=5,inline_ascii_resp"],
            engine: &engine)
        #expect(c.idleTimeout == 5)
        #expect(c.maxConnsFast == false)
        #expect(c.hashPowerInitial == 20)
        // memcached 1.6.18's own note for its deprecated option; the inline-response switch is a no-op there.
        #expect(notes == ["DEPRECATED: resp_obj_mem_limit no longer used. See read_buf_mem_limit,"])
        #expect(throws: ConfigurationError.self) { try c.applyExtendedOptions(["bogus"], engine: &engine) }
        #expect(throws: ConfigurationError.self) { try c.applyExtendedOptions(["hashpower=3"], engine: &engine) }
        #expect(throws: ConfigurationError.self) { try c.applyExtendedOptions(["idle_timeout=x"], engine: &engine) }
        #expect(throws: ConfigurationError.self) {
            try c.applyExtendedOptions(["hot_lru_pct=60,warm_lru_pct=40"], engine: &engine)
        }
        var m = ServerConfiguration()
        var mEngine = EngineConfiguration()
        _ = try m.applyExtendedOptions(["no_modern"], engine: &mEngine)
        #expect(m.maxConnsFast == false && mEngine.lruCrawler == false && mEngine.slabReassign == false)
        #expect(mEngine.slabChunkMax == 1 << 20)
        _ = try m.applyExtendedOptions(
            ["modern", "lru_crawler", "maxconns_fast", "slab_automove=2"], engine: &mEngine)
        #expect(m.maxConnsFast && mEngine.lruCrawler && mEngine.slabAutomove == 2)
    }

    /// Options of features swiftcached does not have fail at start, naming the feature; memcached's own
    /// messages for bad slab settings.
    @Test(arguments: [
        ("ext_path=/x:1G", "-o ext_path: swiftcached does not support external storage (extstore)"),
        ("drop_privileges", "-o drop_privileges: swiftcached does not support the seccomp sandbox"),
        ("slab_chunk_max=2000000", "slab_chunk_max (bytes: 2000000) cannot be larger than -I (item_size_max 1048576)"),
        (
            "slab_chunk_max=300000",
            "-I (item_size_max: 1048576) must be evenly divisible by slab_chunk_max (bytes: 300000)"
        ),
        (
            "slab_chunk_max=16384",
            "slab_chunk_max (bytes: 16384): swiftcached has no chunked items; use 524288 or 1048576"
        ),
        ("slab_sizes=100-90", "slab size 90 cannot be lower than or equal to a previous class size"),
        ("slab_sizes=100-105", "slab size 105 must be at least 8 bytes larger than previous class"),
        ("slab_sizes=x", "slab size 0 is out of valid range"),
        ("slab_sizes=40", "slab size 40 is out of valid range"),
        ("slab_sizes=600000", "slab size 600000 is out of valid range"),
    ])
    func refusedOptions(option: String, message: String) {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        #expect(throws: ConfigurationError(message)) { try c.applyExtendedOptions([option], engine: &engine) }
    }

    @Test("-o ssl_*: values as memcached 1.6.18 stores and reports them")
    func tlsOptions() throws {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        _ = try c.applyExtendedOptions(
            [
                "ssl_chain_cert=/c.pem,ssl_key=/k.pem,ssl_ca_cert=/ca.pem,ssl_ciphers=HIGH,ssl_verify_mode=3",
                "ssl_wbuf_size=1,ssl_min_version=3,ssl_keyformat=2,ssl_session_cache,ssl_kernel_tls",
            ], engine: &engine)
        #expect(c.tls.chainCert == "/c.pem" && c.tls.key == "/k.pem" && c.tls.caCert == "/ca.pem")
        #expect(c.tls.ciphers == "HIGH" && c.tls.keyFormat == 2)
        #expect(c.tls.sessionCache && c.tls.kernelTLS && !c.tls.enabled)
        let lines = Dictionary(uniqueKeysWithValues: c.tls.settingsLines)
        // memcached stores OpenSSL's verify flags (PEER | FAIL_IF_NO_PEER_CERT | CLIENT_ONCE) and KiB * 1024.
        #expect(lines["ssl_verify_mode"] == "7")
        #expect(lines["ssl_wbuf_size"] == "1024")
        #expect(lines["ssl_min_version"] == "tlsv1.3")
        #expect(
            TLSSettings().settingsLines.map(\.1) == [
                "no", "(null)", "(null)", "0", "1", "NULL", "NULL", "16384", "no", "no", "tlsv1.2",
            ])
    }

    @Test(arguments: [
        ("ssl_chain_cert", "Missing ssl_chain_cert argument"),
        ("ssl_key", "Missing ssl_key argument"),
        ("ssl_verify_mode=4", "Invalid ssl_verify_mode. Use help to see valid options."),
        ("ssl_verify_mode=x", "could not parse argument to ssl_verify_mode"),
        ("ssl_min_version=tlsv1.3", "could not parse argument to ssl_min_version"),
        ("ssl_min_version=-1", "Invalid ssl_min_version. Use help to see valid options."),
        ("ssl_wbuf_size=-1", "could not parse argument to ssl_wbuf_size"),
        ("no_ssl_session_cache", "Illegal suboption \"no_ssl_session_cache\""),
    ])
    func refusedTLSOptions(option: String, message: String) {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        #expect(throws: ConfigurationError(message)) { try c.applyExtendedOptions([option], engine: &engine) }
    }

    @Test("slab_chunk_max, no_chunked_items, slab_sizes, no_hashexpand and track_sizes reach the engine")
    func slabAndTableOptions() throws {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        _ = try c.applyExtendedOptions(["slab_sizes=100-200-300,no_hashexpand,track_sizes"], engine: &engine)
        #expect(engine.slabSizes == [100, 200, 300] && !engine.hashExpand && engine.trackSizes)
        _ = try c.applyExtendedOptions(["slab_chunk_max=1048576"], engine: &engine)
        #expect(engine.slabChunkMax == 1 << 20)
        var chunked = EngineConfiguration()
        _ = try c.applyExtendedOptions(["no_chunked_items"], engine: &chunked)
        #expect(chunked.slabChunkMax == chunked.slabPageSize)
    }

    @Test("-l entries: host, host:port, [v6]:port")
    func listenEntries() {
        #expect(Sockets.splitHostPort("127.0.0.1") == ("127.0.0.1", nil))
        #expect(Sockets.splitHostPort("127.0.0.1:11311") == ("127.0.0.1", 11311))
        #expect(Sockets.splitHostPort("[::1]:11311") == ("::1", 11311))
        #expect(Sockets.splitHostPort("::1") == ("::1", nil))
    }

    @Test("read buffer grows only when full, compacts consumed bytes, gives its storage back")
    func readBuffer() {
        var b = ReadBuffer(initialCapacity: 16 * 1024, maxCapacity: 64 * 1024)
        #expect(!b.hasStorage && b.capacity == 0)
        b.attach(malloc(16 * 1024)!, capacity: 16 * 1024)
        b.commitRead(16 * 1024)
        #expect(b.isFull)
        b.consume(10 * 1024)
        b.prepareForRead()  // tail full, head consumed: compact
        #expect(b.readable == 6 * 1024 && b.writableSpace == 10 * 1024)
        b.commitRead(10 * 1024)
        #expect(b.isFull)
        let first = b.grow()
        #expect(first && b.capacity == 32 * 1024)
        let second = b.grow()
        #expect(second && b.capacity == 64 * 1024)
        b.commitRead(b.writableSpace)
        let third = b.grow()
        #expect(third == false)  // capped
        b.consume(b.readable)
        let storage = b.detach()
        #expect(storage.capacity == 64 * 1024 && !b.hasStorage && b.readable == 0)
        free(storage.pointer)
    }

    @Test("-o read_buf_mem_limit takes megabytes and is split per worker as memcached splits it")
    func readBufMemLimit() throws {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        _ = try c.applyExtendedOptions(["read_buf_mem_limit=3"], engine: &engine)
        #expect(c.readBufMemLimit == 3 << 20)
        // 3 MiB over 4 threads: 786432 bytes each, 48 blocks of 16 KiB.
        #expect(ConnectionMemory.workerLimit(totalLimit: 3 << 20, threads: 4, blockSize: 16384) == 786_432)
        // Not a whole number of blocks: rounded down; less than one block: one block.
        #expect(ConnectionMemory.workerLimit(totalLimit: 1 << 20, threads: 3, blockSize: 16384) == 21 * 16384)
        #expect(ConnectionMemory.workerLimit(totalLimit: 1 << 20, threads: 100, blockSize: 16384) == 16384)
        #expect(ConnectionMemory.workerLimit(totalLimit: 0, threads: 4, blockSize: 16384) == 0)
    }
}
