// ConfigurationTests: configuration validation, slab class sizes, memory-limit changes at run time,
// and small stats views (sizes histogram, meta handle sizes, CAS disabled).
import Testing

@testable import CacheEngine

@Suite struct ConfigurationTests {
    @Test func rejectsOutOfRangeSettings() {
        let clock = EngineClock(manualStart: 1_700_000_000)
        func fails(_ change: (inout EngineConfiguration) -> Void) -> Bool {
            var configuration = EngineConfiguration()
            change(&configuration)
            do {
                _ = try CacheEngine(configuration: configuration, clock: clock)
                return false
            } catch {
                return true
            }
        }
        #expect(fails { $0.growthFactor = 1.0 })
        #expect(fails { $0.slabPageSize = 3000 })
        #expect(fails { $0.slabPageSize = 2 << 20 })
        #expect(fails { $0.memoryLimit = 1000 })
        #expect(fails { $0.itemSizeMax = 100 })
        #expect(fails { $0.itemSizeMax = (1 << 30) + 1 })
        #expect(fails { $0.hashPowerInitial = 0 })
        #expect(fails { $0.chunkMinSize = 0 })
        #expect(!fails { $0.itemSizeMax = 1 << 30 })
    }

    @Test func slabClassesFollowTheGrowthFactor() {
        var configuration = EngineConfiguration()
        configuration.growthFactor = 2
        let sizes = CacheEngine.chunkSizes(for: configuration)
        // memcached -f 2: 96, 192, ... 196608 (then its 512 KiB chunk class); ours are 24 bytes smaller.
        #expect(
            sizes == [
                72, 168, 360, 744, 1512, 3048, 6120, 12264, 24552, 49128, 98280, 196_584, 1 << 20,
            ])
        let defaults = CacheEngine.chunkSizes(for: EngineConfiguration())
        #expect(Array(defaults.prefix(5)) == [72, 96, 128, 168, 216])
        // Without CAS memcached's items are 8 bytes smaller, and so is the difference.
        configuration = EngineConfiguration()
        configuration.casEnabled = false
        #expect(Array(CacheEngine.chunkSizes(for: configuration).prefix(5)) == [80, 104, 136, 176, 224])
        #expect(defaults.count < 64)
    }

    /// memcached 1.6.18's default table (`memcached -vv`: 39 classes, 96 ... 394840, then 524288), each
    /// size minus the 24 bytes our item layout saves (header, CAS); our last class is a whole page.
    @Test func slabClassesAreMemcachedsMinusTheHeaderDifference() {
        let memcached = [
            96, 120, 152, 192, 240, 304, 384, 480, 600, 752, 944, 1184, 1480, 1856, 2320, 2904, 3632, 4544,
            5680, 7104, 8880, 11104, 13880, 17352, 21696, 27120, 33904, 42384, 52984, 66232, 82792, 103_496,
            129_376, 161_720, 202_152, 252_696, 315_872, 394_840,
        ]
        let sizes = CacheEngine.chunkSizes(for: EngineConfiguration())
        #expect(Array(sizes.dropLast()) == memcached.map { $0 - 24 })
        #expect(sizes.last == 1 << 20)
        #expect(sizes.count == 39)
        var small = EngineConfiguration()
        small.chunkMinSize = 16
        small.growthFactor = 1.5
        // memcached -n 16 -f 1.5: 64, 96, 144, 216, 328 ...
        #expect(Array(CacheEngine.chunkSizes(for: small).prefix(5)) == [40, 72, 120, 192, 304])
    }

    /// memcached -vv prints its classes: `-o no_chunked_items` continues the series to a page
    /// (..., 394840, 493552, 616944, 771184, 1048576); `-o slab_sizes=100-200-300` gives 104, 200, 304 and
    /// the chunk limit. Ours: the same minus the header difference, then a page.
    @Test func slabChunkMaxAndSlabSizesShapeTheClasses() {
        var whole = EngineConfiguration()
        whole.slabChunkMax = whole.slabPageSize
        let sizes = CacheEngine.chunkSizes(for: whole)
        #expect(sizes.count == 42)
        #expect(Array(sizes.suffix(4)) == [493_552 - 24, 616_944 - 24, 771_184 - 24, 1 << 20])
        var listed = EngineConfiguration()
        listed.slabSizes = [100, 200, 300]
        #expect(CacheEngine.chunkSizes(for: listed) == [104 - 24, 200 - 24, 304 - 24, 1 << 20])
        listed.slabSizes = [10, 60, 100]  // 16 holds no item (in memcached either): no class
        #expect(CacheEngine.chunkSizes(for: listed) == [64 - 24, 104 - 24, 1 << 20])
        var bad = EngineConfiguration()
        bad.slabChunkMax = 16384
        #expect(throws: EngineError.self) { try CacheEngine(configuration: bad, clock: EngineClock()) }
    }

    @Test func noHashExpandKeepsTheTableSize() {
        let fixed = Harness {
            $0.hashPowerInitial = 4
            $0.hashExpand = false
        }
        let growing = Harness { $0.hashPowerInitial = 4 }
        for i in 0..<2000 {
            fixed.set("k\(i)", "v")
            growing.set("k\(i)", "v")
        }
        #expect(fixed.engine.statsSnapshot().hashPowerLevel == 4)
        #expect(growing.engine.statsSnapshot().hashPowerLevel > 4)
        #expect(fixed.value("k1999") == "v" && fixed.value("k0") == "v")
    }

    @Test func loweringTheMemoryLimitStopsNewPages() {
        let h = Harness {
            $0.memoryLimit = 1 << 20
            $0.slabPageSize = 64 << 10
        }
        #expect(!h.engine.setMemoryLimit(1000))
        #expect(h.engine.setMemoryLimit(128 << 10))
        #expect(h.stats.limitMaxbytes == 128 << 10)
        let value = String(repeating: "v", count: 100)
        for i in 0..<5000 { h.set("key\(100_000 + i)", value) }
        let memory = h.engine.memoryInUse()
        #expect((memory.pages - memory.lenientPages) * (64 << 10) <= 128 << 10)
        #expect(h.stats.evictions > 0)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func sizesHistogramAndHandleSizes() {
        let h = Harness()
        h.set("a", "12345")  // 32 + 1 + 5 = 38 -> 64
        h.set("b", String(repeating: "x", count: 40))  // 73 -> 96
        h.set("c", String(repeating: "x", count: 40), flags: 1)  // 77 -> 96
        #expect(h.engine.sizesHistogram().map { [$0.size, $0.count] } == [[64, 1], [96, 2]])
        let sizes = Array("c".utf8).withUnsafeBytes { key in
            h.engine.metaAccess(key, vivifyExpiry: nil, context: h.context) { ($0.totalSize, $0.slabClassID) }
        }
        #expect(sizes?.0 == 77)
        #expect(sizes?.1 == 2)  // class 1 holds 72 bytes, class 2 96
    }

    @Test func classicCASWithCASDisabled() {
        let h = Harness { $0.casEnabled = false }
        h.set("k", "v")
        // gets reports 0; memcached -C then answers EXISTS to any cas (0 is "no CAS" to a classic cas).
        #expect(h.store(.set, "k", "w", compareCAS: 0, classicCAS: true).result == .exists)
        #expect(h.store(.set, "k", "w", compareCAS: 5, classicCAS: true).result == .exists)
        #expect(h.value("k") == "v")
    }
}
