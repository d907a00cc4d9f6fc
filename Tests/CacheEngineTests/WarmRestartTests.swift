// WarmRestartTests: `-e` memory files. A saved engine comes back with every item byte for byte (key,
// value, flags, CAS, TTL), its LRU order and segments, its free chunks and a CAS counter that keeps
// increasing; the metadata is consumed when read; other settings, a damaged metadata file or damaged
// item memory give a clean cold start, never a half-restored cache.
import Testing

@testable import CacheEngine

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct WarmRestartTests {
    static let start = 1_700_000_000

    /// A memory file of this test's own in /dev/shm (tmpfs, as in production), removed by `cleanUp`.
    func memoryFile(_ name: String) -> String {
        "/dev/shm/swiftcached-test-\(getpid())-\(name)"
    }

    func cleanUp(_ file: String) {
        unlink(file)
        unlink(CacheEngine.warmRestartMetadataPath(file))
        unlink(CacheEngine.warmRestartMetadataPath(file) + ".tmp")
    }

    func configuration(_ file: String) -> EngineConfiguration {
        var c = EngineConfiguration()
        c.memoryLimit = 8 << 20
        c.hashPowerInitial = 12
        c.memoryFile = file
        return c
    }

    /// A cold engine on `file` (its old contents cleared).
    func coldEngine(_ c: EngineConfiguration) -> Harness {
        let clock = EngineClock(manualStart: Self.start)
        return Harness(engine: try! CacheEngine(configuration: c, clock: clock), clock: clock)
    }

    /// Loads the saved image and restores it on a clock at the same time as `now` (a manual clock stands
    /// in for the real one, which continues the old clock's origin).
    func restored(_ c: EngineConfiguration, now: UInt32) throws -> Harness {
        guard case .image(let image) = CacheEngine.loadWarmRestartImage(for: c) else {
            Issue.record("no usable image")
            throw CancellationError()
        }
        let clock = EngineClock(manualStart: Self.start)
        clock.advance(by: now - clock.now)
        return Harness(engine: try CacheEngine(configuration: c, clock: clock, restoring: image), clock: clock)
    }

    /// A cold engine on `c`'s file holding one item, saved for a warm restart.
    func saveOneItem(_ c: EngineConfiguration) throws {
        let h = coldEngine(c)
        h.set("a", "1")
        try h.engine.saveWarmRestartImage()
    }

    func dump(_ h: Harness) -> [String] {
        var all = SlabClassSet()
        for id in 1...h.engine.largeClassID { all.insert(id) }
        var cursor = h.engine.makeMetadumpCursor(classes: all, wholeTable: false)!
        var lines: [String] = []
        while !cursor.finished {
            h.engine.metadump(&cursor, itemBudget: 100) { entry in
                lines.append(
                    "\(String(decoding: entry.key, as: UTF8.self)) \(entry.exptime) \(entry.lastAccess) \(entry.cas) "
                        + "\(entry.fetched) \(entry.classID) \(entry.size)")
            }
        }
        return lines
    }

    @Test func savedItemsComeBackWithTheirOrderFreeChunksAndCAS() throws {
        let file = memoryFile("roundtrip")
        defer { cleanUp(file) }
        let c = configuration(file)
        var expected: [String: Harness.Hit] = [:]
        var beforeDump: [String] = []
        var beforeCounts: [UInt64] = []
        var now: UInt32 = 0
        do {
            let h = coldEngine(c)
            for i in 0..<6000 {
                let value = String(
                    repeating: Character(UnicodeScalar(UInt8(97 + i % 26))), count: i % 3 == 0 ? 900 : 40)
                h.set("key\(i)", value, flags: UInt32(i), expiry: i % 5 == 0 ? h.clock.now + 500 : 0)
                if i % 7 == 0 { h.clock.advance(by: 1) }
            }
            for i in stride(from: 0, to: 6000, by: 3) { _ = h.value("key\(i)") }  // FETCHED
            for i in stride(from: 0, to: 6000, by: 6) { _ = h.value("key\(i)") }  // ACTIVE
            for i in stride(from: 1, to: 6000, by: 10) { _ = h.delete("key\(i)") }  // free chunks
            for id in 1...h.engine.largeClassID { _ = h.engine.juggle(classID: id) }
            for i in 0..<6000 { if let hit = h.get("key\(i)") { expected["key\(i)"] = hit } }
            beforeDump = dump(h)
            let s = h.stats
            beforeCounts = [s.currItems, s.totalItems, s.bytes]
            now = h.clock.now
            #expect(h.engine.verifyInvariants() == [])
            try h.engine.saveWarmRestartImage()
        }
        let h = try restored(c, now: now)
        #expect(dump(h) == beforeDump)
        let s = h.stats
        #expect([s.currItems, s.totalItems, s.bytes] == beforeCounts)
        #expect(h.engine.warmRestartReport?.items == Int(beforeCounts[0]))
        for (key, hit) in expected { #expect(h.get(key) == hit, "\(key)") }
        #expect(h.get("key1") == nil)
        let highest = expected.values.map(\.cas).max()!
        h.set("fresh", "value")
        #expect(h.get("fresh")!.cas > highest)
        // Deleted items' chunks are reused before any new page is taken.
        let pages = h.engine.statsSnapshot().totalMalloced
        for i in 0..<50 { h.set("again\(i)", String(repeating: "z", count: 40)) }
        #expect(h.engine.statsSnapshot().totalMalloced == pages)
        #expect(h.engine.verifyInvariants() == [])
        // TTLs kept running: an item stored with 500 s left expires 500 s after it was stored.
        h.clock.advance(by: 501)
        #expect(h.value("key0") == nil)
        #expect(h.value("key2") != nil)
    }

    @Test func metadataIsConsumedAndMustMatchTheSettings() throws {
        let file = memoryFile("settings")
        defer { cleanUp(file) }
        let c = configuration(file)
        try saveOneItem(c)
        var other = c
        other.memoryLimit = 16 << 20
        guard case .refused(let why) = CacheEngine.loadWarmRestartImage(for: other) else {
            Issue.record("a different -m was accepted")
            return
        }
        #expect(why == "restart incompatible due to setting for [maxbytes] [old value: 8388608]")
        // Read once: the next start (or one after a crash) finds no metadata.
        guard case .none = CacheEngine.loadWarmRestartImage(for: c) else {
            Issue.record("metadata left behind")
            return
        }
        // A cold start clears the memory file.
        let cold = coldEngine(c)
        #expect(cold.value("a") == nil && cold.stats.currItems == 0)
        #expect(cold.engine.warmRestartReport == nil)
    }

    /// Every setting that shapes the arena must match, or the start is cold (the line names the setting).
    @Test(arguments: [
        ("-I", "item_size_max"), ("-f", "slab_classes"), ("-n", "slab_classes"), ("slab_sizes", "slab_classes"),
        ("-C", "use_cas"), ("page", "slab_page_size"),
    ])
    func anotherSettingGivesAColdStart(change: String, setting: String) throws {
        let file = memoryFile("setting\(change)")
        defer { cleanUp(file) }
        let c = configuration(file)
        try saveOneItem(c)
        var other = c
        switch change {
        case "-I": other.itemSizeMax = 2 << 20
        case "-f": other.growthFactor = 1.5
        case "-n": other.chunkMinSize = 96
        case "slab_sizes": other.slabSizes = [100, 200, 300]
        case "-C": other.casEnabled = false
        default: other.slabPageSize = 512 << 10
        }
        guard case .refused(let why) = CacheEngine.loadWarmRestartImage(for: other) else {
            Issue.record("a different \(setting) was accepted")
            return
        }
        #expect(why.hasPrefix("restart incompatible due to setting for [\(setting)]"))
    }

    @Test func damagedMetadataIsRefused() throws {
        let file = memoryFile("checksum")
        defer { cleanUp(file) }
        let c = configuration(file)
        try saveOneItem(c)
        let meta = CacheEngine.warmRestartMetadataPath(file)
        let fd = open(meta, O_RDWR)
        #expect(fd >= 0)
        _ = "9".withCString { pwrite(fd, $0, 1, 40) }  // inside the settings lines
        close(fd)
        guard case .refused(let why) = CacheEngine.loadWarmRestartImage(for: c) else {
            Issue.record("damaged metadata was accepted")
            return
        }
        #expect(why == "metadata checksum mismatch")
    }

    /// Item memory changed behind the metadata's back (here: an LRU link): the restore is refused
    /// whole, and the cold engine that follows holds nothing of the old cache.
    @Test func damagedItemMemoryRefusesTheWholeRestore() throws {
        let file = memoryFile("arena")
        defer { cleanUp(file) }
        let c = configuration(file)
        var linkOffset = 0
        do {
            let h = coldEngine(c)
            for i in 0..<100 { h.set("k\(i)", "v\(i)") }
            let lists = h.engine.lruList(h.engine.classes.state(1), .hot).pointee
            linkOffset = Int(lists.head) << 3 + 4  // lruPrev of the head item, which must be 0
            try h.engine.saveWarmRestartImage()
        }
        let fd = open(file, O_RDWR)
        var junk: UInt32 = 8
        _ = pwrite(fd, &junk, 4, off_t(linkOffset))
        close(fd)
        guard case .image(let image) = CacheEngine.loadWarmRestartImage(for: c) else {
            Issue.record("no image")
            return
        }
        #expect(throws: EngineError.warmRestartRefused("class 1 LRU list 0 is inconsistent")) {
            _ = try CacheEngine(configuration: c, clock: EngineClock(manualStart: Self.start), restoring: image)
        }
        let cold = coldEngine(c)
        #expect(cold.value("k1") == nil && cold.stats.currItems == 0)
    }
}
