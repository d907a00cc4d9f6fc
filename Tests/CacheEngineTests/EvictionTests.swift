// EvictionTests: LRU order within a slab class, the 60-second bump rule of flat mode, reclaiming dead
// items before evicting live ones, eviction stats, and the memory limit.
import Testing

@testable import CacheEngine

@Suite struct EvictionTests {
    /// 4 KiB pages, 16 KiB limit: one class fills after a few dozen 100-byte items.
    func smallEngine(segmented: Bool = true) -> Harness {
        Harness {
            $0.memoryLimit = 16 << 10
            $0.slabPageSize = 4 << 10
            $0.lruSegmented = segmented
        }
    }

    let value = String(repeating: "v", count: 100)

    /// Keys of equal length, so every item lands in the same slab class.
    func key(_ i: Int) -> String { "key\(100_000 + i)" }

    @Test func evictsLeastRecentlyStoredFirst() {
        let h = smallEngine()
        var i = 0
        while h.stats.evictions == 0 {
            #expect(h.set(key(i), value).result == .stored)
            i += 1
        }
        // Exactly the oldest item went.
        #expect(h.value(key(0)) == nil)
        #expect(h.value(key(1)) == value)
        #expect(h.value(key(i - 1)) == value)
        h.set(key(i), value)
        #expect(h.value(key(1)) == nil)
        #expect(h.value(key(2)) == value)
        let items = h.engine.itemStats()
        #expect(items.count == 1)
        #expect(items[0].evicted == 2)
        #expect(items[0].evictedUnfetched == 1)  // key1 had been fetched
        #expect(h.engine.verifyInvariants() == [])
    }

    /// Flat mode (memcached's `lru mode flat`): a hit relinks an item at most once a minute.
    @Test func flatModeHitBumpsOnlyAfterSixtySeconds() {
        let h = smallEngine(segmented: false)
        var count = 0
        while h.stats.evictions == 0 {
            h.set(key(count), value)
            count += 1
        }
        // Now key1 is the tail. A hit within 60 s of its store does not move it.
        #expect(h.value(key(1)) == value)
        h.set("xyz100001", value)
        #expect(h.value(key(1)) == nil)
        // After 60 s a hit moves key2 to the head: key3 goes next, key2 survives.
        h.clock.advance(by: 60)
        #expect(h.value(key(2)) == value)
        h.set("xyz100002", value)
        #expect(h.value(key(2)) == value)
        #expect(h.value(key(3)) == nil)
        #expect(h.engine.verifyInvariants() == [])
    }

    /// Dead items at the tail are reclaimed before anything is evicted; the walk stops at the first live
    /// item (memcached's lru_pull_tail), in both modes.
    @Test(arguments: [true, false]) func reclaimsExpiredTailItemsBeforeEvictingLive(segmented: Bool) {
        let h = smallEngine(segmented: segmented)
        var count = 0
        while h.stats.evictions == 0 {
            // key1 and key2 expire soon; the others never.
            let expiry: UInt32 = (count == 1 || count == 2) ? h.clock.now + 5 : 0
            h.set(key(count), value, expiry: expiry)
            count += 1
        }
        // key0 was evicted; the tail is now key1 and key2 (expiring), then key3.
        h.clock.advance(by: 6)
        h.set("new100000", value)
        #expect(h.stats.reclaimed == 2)
        #expect(h.stats.evictions == 1)
        #expect(h.value(key(3)) == value)  // live item behind them kept
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func pagesNeverExceedTheLimit() {
        let h = Harness {
            $0.memoryLimit = 256 << 10
            $0.slabPageSize = 16 << 10
        }
        var random = TestRandom(seed: 7)
        for i in 0..<20_000 {
            let size = 1 + random.below(3000)
            h.set("k\(i % 5000)", String(repeating: "x", count: size))
        }
        let memory = h.engine.memoryInUse()
        #expect((memory.pages - memory.lenientPages) * (16 << 10) + memory.largeBytes <= 256 << 10)
        #expect(h.stats.evictions > 0)
        #expect(h.engine.verifyInvariants() == [])
        let slabs = h.engine.slabStats()
        #expect(slabs.reduce(0) { $0 + $1.totalPages } == UInt64(memory.pages))
    }

    @Test func statsSlabsAndItemsShape() {
        let h = Harness()
        h.set("a", "1")
        _ = h.value("a")
        let slabs = h.engine.slabStats()
        #expect(slabs.count == 1)
        #expect(slabs[0].id == 1)
        #expect(slabs[0].chunkSize == 72)
        #expect(slabs[0].usedChunks == 1)
        #expect(slabs[0].getHits == 1)
        #expect(slabs[0].cmdSet == 1)
        #expect(slabs[0].totalChunks == slabs[0].chunksPerPage)
        let info = h.engine.slabClassInfo()
        #expect(info.first!.chunkSize == 72)
        #expect(info.last!.chunkSize == 1 << 20)
        #expect(info.dropLast().allSatisfy { $0.chunkSize <= (1 << 19) && $0.chunkSize % 8 == 0 })
        let s = h.stats
        #expect(s.currItems == 1)
        #expect(s.totalItems == 1)
        #expect(s.limitMaxbytes == 8 << 20)
        #expect(s.totalMalloced == 1 << 20)
        #expect(s.hashPowerLevel == 12)
        h.engine.resetStats()
        #expect(h.stats.cmdSet == 0)
        #expect(h.stats.currItems == 1)
        #expect(h.engine.sizesHistogram().map(\.count) == [1])
    }
}
