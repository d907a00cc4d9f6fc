// SegmentedLRUTests: memcached 1.6's segmented LRU rules: placement, the FETCHED and ACTIVE bits, every
// segment transition of the tail pull and the maintainer's juggle, the asynchronous COLD bump, TEMP, flat
// mode at run time, scan resistance, and the settings' errors.
import Testing

@testable import CacheEngine

@Suite struct SegmentedLRUTests {
    /// 4 KiB pages, 64 KiB limit: one class of 100-byte items holds a few hundred items.
    func engine(_ configure: (inout EngineConfiguration) -> Void = { _ in }) -> Harness {
        Harness {
            $0.memoryLimit = 64 << 10
            $0.slabPageSize = 4 << 10
            configure(&$0)
        }
    }

    let value = String(repeating: "v", count: 100)
    func key(_ i: Int) -> String { "key\(100_000 + i)" }

    /// (number_hot, number_warm, number_cold, number_temp) of the first class with items.
    func counts(_ h: Harness) -> [UInt64] {
        guard let c = h.engine.itemStats().first else { return [0, 0, 0, 0] }
        return [c.numberHot, c.numberWarm, c.numberCold, c.numberTemp]
    }

    func segment(_ h: Harness, _ key: String) -> LRUSegment? {
        Array(key.utf8).withUnsafeBytes { k -> LRUSegment? in
            let hash = hashKey(k)
            let shard = h.engine.shardIndex(hash)
            h.engine.shards.lock(shard)
            defer { h.engine.shards.unlock(shard) }
            let ref = h.engine.lookup(k, hash: hash, shard: shard)
            return ref == 0 ? nil : h.engine.item(ref).segment
        }
    }

    func isActive(_ h: Harness, _ key: String) -> Bool {
        Array(key.utf8).withUnsafeBytes { k -> Bool in
            let hash = hashKey(k)
            let shard = h.engine.shardIndex(hash)
            h.engine.shards.lock(shard)
            defer { h.engine.shards.unlock(shard) }
            let ref = h.engine.lookup(k, hash: hash, shard: shard)
            return ref != 0 && h.engine.item(ref).isActive
        }
    }

    func juggleAll(_ h: Harness) {
        for id in 1...h.engine.largeClassID { _ = h.engine.juggle(classID: id) }
    }

    /// `lruList` relies on the lists being the first field of a class's state.
    @Test func listsAreAtTheStartOfTheClassState() {
        #expect(MemoryLayout<SlabClass>.offset(of: \SlabClass.lists) == 0)
    }

    @Test func newItemsEnterHotOrColdInFlatMode() {
        let h = engine()
        h.set("a", value)
        #expect(segment(h, "a") == .hot)
        let flat = engine { $0.lruSegmented = false }
        flat.set("a", value)
        #expect(segment(flat, "a") == .cold)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func firstHitSetsFetchedSecondSetsActive() {
        let h = engine()
        h.set("a", value)
        _ = h.value("a")
        #expect(!isActive(h, "a"))
        _ = h.value("a")
        #expect(isActive(h, "a"))
        #expect(h.stats.getHits == 2)
        #expect(h.engine.itemStats()[0].hitsToHot == 2)
    }

    @Test func hotOverItsShareMovesToColdAndActiveHotMovesToWarm() {
        let h = engine()
        for i in 0..<10 { h.set(key(i), value) }
        // key0 is hit twice: active. HOT may hold only 20% of the bytes, so the juggle pulls HOT down.
        _ = h.value(key(0))
        _ = h.value(key(0))
        juggleAll(h)
        #expect(segment(h, key(0)) == .warm)
        #expect(!isActive(h, key(0)))
        #expect(segment(h, key(1)) == .cold)
        let c = h.engine.itemStats()[0]
        #expect(c.movesToWarm == 1)
        #expect(c.movesToCold >= 7)
        #expect(c.numberHot * 100 <= UInt64(10) * 20 + 100)  // within one item of the 20% share
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func activeItemsFlowThroughWarmAndAnActiveWarmTailStaysInWarm() {
        let h = engine { $0.warmLRUPercent = 60 }
        for i in 0..<5 { h.set(key(i), value) }
        for i in 0..<5 {
            _ = h.value(key(i))
            _ = h.value(key(i))
        }
        juggleAll(h)
        // Every active HOT tail went to WARM; WARM may hold 60% of the bytes, the oldest two went on to COLD.
        let c = h.engine.itemStats()[0]
        #expect(c.movesToWarm == 5)
        #expect(counts(h) == [0, 3, 2, 0])
        #expect(segment(h, key(0)) == .cold)
        #expect(segment(h, key(4)) == .warm)
        for i in 2..<5 { _ = h.value(key(i)) }  // already fetched: active again
        juggleAll(h)
        #expect(h.engine.itemStats()[0].movesWithinLRU == 3)
        #expect(counts(h) == [0, 3, 2, 0])
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func coldHitIsQueuedAndTheMaintainerMovesItToWarm() {
        let h = engine()
        for i in 0..<10 { h.set(key(i), value) }
        juggleAll(h)
        #expect(segment(h, key(1)) == .cold)
        _ = h.value(key(1))  // fetched
        _ = h.value(key(1))  // active: queued, still COLD
        #expect(segment(h, key(1)) == .cold)
        #expect(isActive(h, key(1)))
        #expect(h.engine.itemStats()[0].hitsToCold == 2)
        #expect(h.engine.drainBumpQueues() == 1)
        #expect(segment(h, key(1)) == .warm)
        #expect(!isActive(h, key(1)))
        #expect(h.engine.itemStats()[0].movesToWarm == 1)
        #expect(h.engine.verifyInvariants() == [])
    }

    /// A COLD hit queued before a flush must not refresh the flushed item's time (which would make it
    /// live again).
    @Test func queuedBumpOfAFlushedItemDoesNotRevive() {
        let h = engine()
        for i in 0..<10 { h.set(key(i), value) }
        juggleAll(h)
        _ = h.value(key(1))
        _ = h.value(key(1))
        h.engine.flushAll(delay: 0, context: h.context)
        h.clock.advance(by: 1)
        #expect(h.engine.drainBumpQueues() == 1)
        #expect(h.value(key(1)) == nil)
    }

    @Test func queuedBumpOfAReplacedItemIsIgnored() {
        let h = engine()
        for i in 0..<10 { h.set(key(i), value) }
        juggleAll(h)
        _ = h.value(key(1))
        _ = h.value(key(1))
        h.set(key(1), value)  // a new version: the queued entry no longer matches
        #expect(h.engine.drainBumpQueues() == 1)
        #expect(segment(h, key(1)) == .hot)
        #expect(h.engine.itemStats()[0].movesToWarm == 0)
    }

    @Test func fullBumpQueueDropsTheBump() {
        let h = engine { $0.memoryLimit = 8 << 20 }
        let count = BumpQueue.capacity + 10
        for i in 0..<count { h.set(key(i), "x") }
        for id in 1...h.engine.largeClassID {
            h.engine.classes.lock(id)
            let c = h.engine.classes.state(id)
            while h.engine.pullTail(id, c, .hot, totalBytes: 0, evict: false, maxAge: 0) > 0 {}
            h.engine.classes.unlock(id)
        }
        for i in 0..<count {
            _ = h.value(key(i))
            _ = h.value(key(i))
        }
        #expect(h.stats.lruBumpsDropped == 10)
        #expect(!isActive(h, key(count - 1)))
        #expect(h.engine.drainBumpQueues() == BumpQueue.capacity)
    }

    @Test func evictionTakesOnlyColdAndCountsActiveEvictions() {
        let h = engine()
        var i = 0
        while h.stats.evictions == 0 {
            h.set(key(i), value)
            i += 1
        }
        // Eviction came from COLD (the inline pull moved HOT's tail there first); HOT still has items.
        #expect(h.value(key(0)) == nil)
        #expect(counts(h)[0] > 0)
        #expect(h.stats.directReclaims > 0)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func activeColdTailGoesToWarmUnlessMemoryIsNeeded() {
        let h = engine()
        for i in 0..<10 { h.set(key(i), value) }
        juggleAll(h)
        let id = h.engine.itemStats()[0].id
        func coldTail() -> String {
            h.engine.classes.lock(id)
            defer { h.engine.classes.unlock(id) }
            let tail = h.engine.lruList(h.engine.classes.state(id), .cold).pointee.tail
            return String(decoding: h.engine.item(tail).key, as: UTF8.self)
        }
        let first = coldTail()
        _ = h.value(first)
        _ = h.value(first)
        // The maintainer's pull (no eviction) lifts it to WARM.
        h.engine.classes.lock(id)
        let moved = h.engine.pullTail(id, h.engine.classes.state(id), .cold, totalBytes: 0, evict: false, maxAge: 0)
        h.engine.classes.unlock(id)
        #expect(moved == 1)
        #expect(segment(h, first) == .warm)
        // A worker that needs memory evicts COLD's tail even when it is active (memcached's evicted_active).
        let second = coldTail()
        _ = h.value(second)
        _ = h.value(second)
        h.engine.classes.lock(id)
        let evicted = h.engine.pullTail(id, h.engine.classes.state(id), .cold, totalBytes: 0, evict: true, maxAge: 0)
        h.engine.classes.unlock(id)
        #expect(evicted == 1)
        #expect(h.value(second) == nil)
        #expect(h.stats.evictedActive == 1)
    }

    /// The scan-resistance that motivates the segments: items read more than once survive a one-pass
    /// write of twice the memory in new keys.
    @Test func hotSetSurvivesAScan() {
        let h = engine { $0.memoryLimit = 256 << 10 }
        // A cache in use: full of other items, then a hot set that is read repeatedly.
        for i in 0..<2000 { h.set("old\(100_000 + i)", value) }
        let hot = (0..<40).map { "hot\(100_000 + $0)" }
        for k in hot { h.set(k, value) }
        // Read repeatedly, with the maintainer running in between (as in a server).
        for _ in 0..<4 {
            for k in hot { _ = h.value(k) }
            juggleAll(h)
            _ = h.engine.drainBumpQueues()
        }
        for k in hot { _ = h.value(k) }
        var i = 0
        while i < 5000 {  // about 2x the memory in new keys, with the maintainer's work in between
            h.set(key(i), value)
            if i % 50 == 0 {
                juggleAll(h)
                _ = h.engine.drainBumpQueues()
            }
            i += 1
        }
        let survivors = hot.filter { h.value($0) != nil }.count
        #expect(survivors == hot.count)
        #expect(h.stats.evictions > 2000)
        // The same scan in flat mode evicts them all.
        let flat = engine {
            $0.memoryLimit = 256 << 10
            $0.lruSegmented = false
        }
        for i in 0..<2000 { flat.set("old\(100_000 + i)", value) }
        for k in hot { flat.set(k, value) }
        for _ in 0..<3 { for k in hot { _ = flat.value(k) } }
        for j in 0..<5000 { flat.set(key(j), value) }
        #expect(hot.filter { flat.value($0) != nil }.isEmpty)
    }

    /// The scan guard: a hot set read before a write-only scan, in WARM; the scan's new keys pass through
    /// COLD in a few seconds, so memcached's rule (WARM older than warm_max_factor x COLD's age goes to
    /// COLD) ages the hot set out and the scan then evicts it. With the guard, WARM keeps it while COLD
    /// gets no hits, for up to `scanGuardSeconds`; a longer scan gets memcached's result.
    @Test(arguments: [(guardSeconds: 60, scanSeconds: 50, kept: true), (0, 50, false), (60, 100, false)])
    func scanGuardHoldsWarmsAgeRuleWhileColdGetsNoHits(guardSeconds: UInt32, scanSeconds: Int, kept: Bool) {
        let h = engine {
            $0.memoryLimit = 256 << 10
            $0.scanGuardSeconds = guardSeconds
        }
        let hot = establishHotSet(h)
        var n = 0
        for _ in 0..<scanSeconds {
            scanSecond(h, from: &n)
            juggleAll(h)
        }
        let survivors = hot.filter { segment(h, $0) != nil }.count
        #expect(survivors == (kept ? hot.count : 0), "guard \(guardSeconds) s, scan \(scanSeconds) s")
        #expect(h.stats.evictions > 2000)
    }

    /// A full cache with a hot set of 40 items read three times, the maintainer's work in between.
    func establishHotSet(_ h: Harness) -> [String] {
        for i in 0..<2000 { h.set("old\(100_000 + i)", value) }
        let hot = (0..<40).map { "hot\(100_000 + $0)" }
        for k in hot { h.set(k, value) }
        for _ in 0..<3 {
            for k in hot { _ = h.value(k) }
            juggleAll(h)
            _ = h.engine.drainBumpQueues()
        }
        return hot
    }

    /// One second of a write-only scan: the clock moves on and 100 new keys are set from `next`.
    func scanSecond(_ h: Harness, from next: inout Int) {
        h.clock.advance(by: 1)
        for _ in 0..<100 {
            h.set(key(next), value)
            next += 1
        }
    }

    /// A COLD hit within the last second means COLD is in use: the age rule applies, as in memcached.
    @Test func scanGuardStepsAsideWhileColdIsHit() {
        let h = engine { $0.memoryLimit = 256 << 10 }
        let hot = establishHotSet(h)
        var n = 0
        var coldHits = 0
        for _ in 0..<50 {
            scanSecond(h, from: &n)
            // Two reads of the newest scan key that has reached COLD: a COLD hit, moved to WARM.
            if let reread = (0..<n).reversed().lazy.map(key).first(where: { segment(h, $0) == .cold }) {
                _ = h.value(reread)
                _ = h.value(reread)
                _ = h.engine.drainBumpQueues()
                coldHits += 1
            }
            juggleAll(h)
        }
        #expect(coldHits >= 45)
        #expect(hot.allSatisfy { segment(h, $0) == nil })
    }

    @Test func oldHotItemsMoveToColdByAge() {
        let h = engine { $0.hotLRUPercent = 40 }
        for i in 0..<4 { h.set(key(i), value) }
        juggleAll(h)  // 4 of 5 items are 80%: over the share, the oldest goes to COLD
        h.clock.advance(by: 10)
        h.set(key(10), value)
        juggleAll(h)
        #expect(segment(h, key(0)) == .cold)
    }

    @Test func temporaryItemsGoToTempAndAreNeverEvicted() {
        let h = engine {
            $0.temporaryLRU = true
            $0.temporaryTTL = 30
        }
        h.set("short", value, expiry: h.clock.now + 30)
        h.set("long", value, expiry: h.clock.now + 31)
        h.set("never", value)
        #expect(segment(h, "short") == .temp)
        #expect(segment(h, "long") == .hot)
        #expect(segment(h, "never") == .hot)
        #expect(h.engine.itemStats()[0].numberTemp == 1)
        // Fill with TEMP items only: they cannot be evicted, so the class runs out of memory.
        var result = StoreResult.stored
        var i = 0
        while result == .stored && i < 10_000 {
            result = h.set(key(i), value, expiry: h.clock.now + 10).result
            i += 1
        }
        #expect(result == .outOfMemory)
        #expect(h.value("short") != nil)
        // The maintainer reclaims them once expired.
        h.clock.advance(by: 31)
        juggleAll(h)
        #expect(h.stats.reclaimed >= UInt64(i - 1))
        #expect(h.set("again", value).result == .stored)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func lruModeAndTuneChangeBehaviourAtRunTime() throws {
        let h = engine()
        try h.engine.setLRUMode(segmented: false)
        h.set("a", value)
        #expect(segment(h, "a") == .cold)
        try h.engine.setLRUMode(segmented: true)
        h.set("b", value)
        #expect(segment(h, "b") == .hot)
        #expect(throws: LRUSettingError.percentagesTooHigh) {
            try h.engine.tuneLRU(hotPercent: 50, warmPercent: 40, hotMaxFactor: 0.1, warmMaxFactor: 2)
        }
        #expect(throws: LRUSettingError.factorNotPositive) {
            try h.engine.tuneLRU(hotPercent: 10, warmPercent: 40, hotMaxFactor: 0, warmMaxFactor: 2)
        }
        try h.engine.tuneLRU(hotPercent: 0, warmPercent: 0, hotMaxFactor: 0.1, warmMaxFactor: 2)
        juggleAll(h)  // a 0% share: HOT and WARM drain into COLD
        #expect(segment(h, "b") == .cold)
        try h.engine.setTemporaryTTL(10)
        h.set("t", value, expiry: h.clock.now + 5)
        #expect(segment(h, "t") == .temp)
        try h.engine.setTemporaryTTL(-1)
        h.set("t2", value, expiry: h.clock.now + 5)
        #expect(segment(h, "t2") == .hot)
        #expect(h.engine.memoryPolicySettings.temporaryTTL == 10)
        #expect(!h.engine.memoryPolicySettings.temporaryLRU)

        let noMaintainer = engine {
            $0.lruMaintainer = false
            $0.lruSegmented = false
        }
        #expect(throws: LRUSettingError.maintainerNotRunning) { try noMaintainer.engine.setLRUMode(segmented: true) }
        #expect(throws: LRUSettingError.maintainerNotRunning) { try noMaintainer.engine.setTemporaryTTL(5) }
    }

    @Test func maintainerThreadJugglesInTheBackground() async throws {
        let h = engine()
        h.engine.startMaintenance(tickClock: false)
        defer { h.engine.stopMaintenance() }
        for i in 0..<50 { h.set(key(i), value) }
        var moved = false
        for _ in 0..<200 where !moved {
            try await Task.sleep(for: .milliseconds(10))
            moved = h.engine.itemStats()[0].movesToCold > 0
        }
        #expect(moved)
        #expect(h.stats.lruMaintainerJuggles > 0)
    }
}
