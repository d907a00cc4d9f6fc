// Tests of the command-line value parsing that lives in CacheServer: memcached's -I sizes, the -o
// sub-options, -l host:port splitting, and ReadBuffer growth/compaction.
import CacheEngine
import Testing

@testable import CacheServer

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
            case "slab_automove", "lru_crawler_sleep", "lru_crawler_tocrawl", "idle_timeout", "read_buf_mem_limit",
                "hot_lru_pct", "warm_lru_pct", "temporary_ttl", "watcher_logbuf_size", "worker_logbuf_size",
                "slab_automove_window":
                value = "=1"
            case "tail_repair_time": value = "=10"
            case "slab_chunk_max": value = "=16384"
            case "hash_algorithm": value = "=murmur3"
            case "auth_readonly_file": value = "=/etc/readers"
            case "slab_automove_ratio", "hot_max_factor", "warm_max_factor": value = "=0.5"
            default: value = ""
            }
            _ = try configuration.applyExtendedOptions([name + value], engine: &engine)
        }
        #expect(ServerConfiguration.extendedOptionsHelpText.contains("- idle_timeout:"))
    }

    @Test("-o options map onto settings; ignored ones give notes; unknown ones fail")
    func extended() throws {
        var c = ServerConfiguration()
        var engine = EngineConfiguration()
        let notes = try c.applyExtendedOptions(
            ["idle_timeout=5,no_maxconns_fast", "hashpower=20", "ext_path=/x:1G"], engine: &engine)
        #expect(c.idleTimeout == 5)
        #expect(c.maxConnsFast == false)
        #expect(c.hashPowerInitial == 20)
        #expect(notes.count == 1)
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
        #expect(m.slabChunkMax == 1 << 20)
        var chunk = ServerConfiguration()
        var chunkEngine = EngineConfiguration()
        _ = try chunk.applyExtendedOptions(["slab_chunk_max=64"], engine: &chunkEngine)
        #expect(chunk.slabChunkMax == 64)  // bytes, reported as given (memcached 1.6.18)
        _ = try m.applyExtendedOptions(
            ["modern", "lru_crawler", "maxconns_fast", "slab_automove=2"], engine: &mEngine)
        #expect(m.maxConnsFast && mEngine.lruCrawler && mEngine.slabAutomove == 2)
    }

    @Test("-l entries: host, host:port, [v6]:port")
    func listenEntries() {
        #expect(Sockets.splitHostPort("127.0.0.1") == ("127.0.0.1", nil))
        #expect(Sockets.splitHostPort("127.0.0.1:11311") == ("127.0.0.1", 11311))
        #expect(Sockets.splitHostPort("[::1]:11311") == ("::1", 11311))
        #expect(Sockets.splitHostPort("::1") == ("::1", nil))
    }

    @Test("read buffer grows only when full, compacts consumed bytes, shrinks when idle")
    func readBuffer() {
        var b = ReadBuffer(initialCapacity: 16 * 1024, maxCapacity: 64 * 1024)
        defer { b.deallocate() }
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
        b.shrinkIfIdle()
        #expect(b.capacity == 64 * 1024)  // not more than 8x: kept
    }
}
