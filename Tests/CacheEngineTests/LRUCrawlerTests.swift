// LRUCrawlerTests: the crawler thread frees expired and flushed items and counts them when the crawl ends,
// only in the requested classes; BUSY while a crawl runs; disabled crawler; the automatic schedule;
// metadump's cursor and counters; cachedump's COLD-only listing.
import Glibc
import Testing

@testable import CacheEngine

@Suite struct LRUCrawlerTests {
    func waitWhileRunning(_ h: Harness) {
        for _ in 0..<1000 where h.engine.crawlerStatus.running { usleep(5_000) }
    }

    /// The crawler thread without the maintainer's juggling (which would reclaim dead tail items first).
    func crawlerOnly(_ configure: (inout EngineConfiguration) -> Void = { _ in }) -> Harness {
        Harness {
            $0.lruMaintainer = false
            $0.lruSegmented = false
            configure(&$0)
        }
    }

    @Test func crawlFreesExpiredItemsOfTheRequestedClassesOnly() {
        let h = crawlerOnly()
        h.engine.startMaintenance(tickClock: false)
        defer { h.engine.stopMaintenance() }
        for i in 0..<100 { h.set("short\(i)", "v", expiry: h.clock.now + 5) }
        let big = String(repeating: "b", count: 2000)
        for i in 0..<50 { h.set("big\(i)", big, expiry: h.clock.now + 5) }
        h.clock.advance(by: 6)
        let smallClass = h.engine.itemStats().first!.id
        var only = SlabClassSet()
        only.insert(smallClass)
        let before = h.stats.crawlerItemsChecked
        #expect(h.engine.startCrawl(classes: only) == .started)
        waitWhileRunning(h)
        #expect(h.stats.crawlerReclaimed == 100)
        #expect(h.stats.currItems == 50)
        #expect(h.stats.crawlerItemsChecked - before == 100)
        #expect(h.stats.expiredUnfetched == 100)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func busyWhileRunningAndRefusedWhenDisabled() {
        let h = crawlerOnly { $0.lruCrawlerSleep = 1_000_000 }  // one second per 1,000 items
        for i in 0..<3000 { h.set("k\(i)", "v") }
        h.engine.startMaintenance(tickClock: false)
        defer { h.engine.stopMaintenance() }
        var all = SlabClassSet()
        for id in 1..<64 { all.insert(id) }
        #expect(h.engine.startCrawl(classes: all) == .started)
        #expect(h.engine.startCrawl(classes: all) == .busy)
        #expect(h.engine.crawlerStatus.running)
        #expect(h.engine.setCrawler(enabled: false))
        #expect(h.engine.startCrawl(classes: all) == .disabled)
        #expect(h.engine.setCrawler(enabled: true))
        #expect(!h.engine.setCrawler(enabled: true))
        #expect(h.engine.startCrawl(classes: SlabClassSet()) == .notStarted || h.engine.crawlerStatus.running)
    }

    @Test func automaticScheduleCrawlsDueClassesAndBacksOff() {
        let h = crawlerOnly()
        h.engine.startMaintenance(tickClock: false)
        defer { h.engine.stopMaintenance() }
        for i in 0..<200 { h.set("k\(i)", "v", expiry: h.clock.now + 2) }
        // Every class is due at first: one crawl of all of them, which finds nothing expired yet but
        // learns that everything expires within a minute.
        h.engine.scheduleAutomaticCrawls(now: h.clock.now)
        waitWhileRunning(h)
        #expect(h.engine.crawlerStatus.starts == 1)
        h.clock.advance(by: 3)
        // Rescheduled from that run: due again 5 s later (wait 0 + 5), not before.
        h.engine.scheduleAutomaticCrawls(now: h.clock.now)
        #expect(h.engine.crawlerStatus.starts == 1)
        h.clock.advance(by: 6)
        h.engine.scheduleAutomaticCrawls(now: h.clock.now)
        waitWhileRunning(h)
        #expect(h.engine.crawlerStatus.starts == 2)
        #expect(h.stats.crawlerReclaimed == 200)
        // A run that found nothing expiring waits longer each time (60 s more per run, up to an hour).
        let id = h.engine.itemStats().first?.id ?? 1
        let wait = h.engine.crawler.shared.withLock { shared -> UInt32 in
            shared.schedule[id].runComplete = true
            return shared.schedule[id].wait
        }
        h.engine.scheduleAutomaticCrawls(now: h.clock.now)
        let after = h.engine.crawler.shared.withLock { $0.schedule[id].wait }
        #expect(after == wait + 60)
    }

    @Test func metadumpCursorWalksEveryLiveItemOnce() {
        let h = Harness()
        for i in 0..<5000 { h.set("k\(i)", "v\(i)") }
        var all = SlabClassSet()
        for id in 1..<64 { all.insert(id) }
        var cursor = h.engine.makeMetadumpCursor(classes: all, wholeTable: false)!
        var keys = Set<String>()
        var calls = 0
        while !cursor.finished {
            h.engine.metadump(&cursor, itemBudget: 700) { entry in
                keys.insert(String(decoding: entry.key, as: UTF8.self))
            }
            calls += 1
        }
        #expect(keys.count == 5000)
        #expect(calls >= 8)
        #expect(h.stats.crawlerItemsChecked == 5000)
    }

    /// memcached's order: each LRU from its tail (oldest first), one item of each LRU per round.
    /// The crawler and `metadump hash` release the shard lock between steps; the table may double in
    /// between, and the walk still visits each item exactly once.
    @Test func bucketWalkSurvivesTheTableGrowingBetweenSteps() {
        let h = Harness { $0.hashPowerInitial = 4 }
        let shard = 0
        func keysInShard(_ range: Range<Int>) -> [String] {
            range.map { "w\($0)" }.filter { key in
                Array(key.utf8).withUnsafeBytes { h.engine.shardIndex(hashKey($0)) == shard }
            }
        }
        let first = keysInShard(0..<4000)
        for k in first { h.set(k, "v") }
        var cursor = ShardBucketCursor()
        var seen: [String: Int] = [:]
        var steps = 0
        var done = false
        var grew = false
        while !done {
            h.engine.shards.lock(shard)
            let maskBefore = h.engine.shards.state(shard).pointee.mask
            done = h.engine.walkBuckets(&cursor, shard: shard, buckets: 1) { _, it in
                seen[String(decoding: it.key, as: UTF8.self), default: 0] += 1
            }
            h.engine.shards.unlock(shard)
            steps += 1
            if steps == 3 {  // grow the shard's table several times in the middle of the walk
                for k in keysInShard(4000..<40000) { h.set(k, "v") }
                h.engine.shards.lock(shard)
                grew = h.engine.shards.state(shard).pointee.mask > maskBefore
                h.engine.shards.unlock(shard)
            }
        }
        #expect(grew)
        #expect(first.allSatisfy { seen[$0] == 1 })
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    @Test func metadumpWalksEachLRUFromItsTail() {
        let h = Harness { $0.lruSegmented = false }  // flat: everything in COLD, oldest at the tail
        for i in 0..<50 { h.set("a\(100 + i)", "v") }
        for i in 0..<3 { h.set("b\(100 + i)", String(repeating: "w", count: 300)) }
        var all = SlabClassSet()
        for id in 1..<64 { all.insert(id) }
        var cursor = h.engine.makeMetadumpCursor(classes: all, wholeTable: false)!
        var keys: [String] = []
        while !cursor.finished {
            h.engine.metadump(&cursor, itemBudget: 7) { keys.append(String(decoding: $0.key, as: UTF8.self)) }
        }
        // Two lists, interleaved one item each per round until the shorter one ends.
        #expect(Array(keys.prefix(6)) == ["a100", "b100", "a101", "b101", "a102", "b102"])
        #expect(Array(keys.dropFirst(6)) == (3..<50).map { "a\(100 + $0)" })
        #expect(h.engine.verifyInvariants() == [])
    }

    /// Items stored, deleted and bumped while a dump walks: the placeholder keeps its place, the lists stay
    /// sound, every item that stayed put is listed once, and a cancelled dump leaves no placeholder behind.
    @Test func metadumpSurvivesChangesBetweenStepsAndCancels() {
        let h = Harness { $0.lruSegmented = false }
        for i in 0..<1000 { h.set("k\(1000 + i)", "v") }
        var all = SlabClassSet()
        for id in 1..<64 { all.insert(id) }
        var cursor = h.engine.makeMetadumpCursor(classes: all, wholeTable: false)!
        var seen: [String: Int] = [:]
        var round = 0
        while !cursor.finished {
            h.engine.metadump(&cursor, itemBudget: 50) {
                seen[String(decoding: $0.key, as: UTF8.self), default: 0] += 1
            }
            #expect(h.engine.verifyInvariants() == [])
            round += 1
            _ = h.delete("k\(1000 + round * 37 % 1000)")
            h.set("new\(round)", "v")
        }
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(seen.count >= 1000 - round)
        var second = h.engine.makeMetadumpCursor(classes: all, wholeTable: false)!
        let checkedBefore = h.stats.crawlerItemsChecked
        h.engine.metadump(&second, itemBudget: 10) { _ in }
        h.engine.cancelMetadump(&second)
        // A dump cut short (the client went away) still counts what it looked at.
        #expect(h.stats.crawlerItemsChecked - checkedBefore >= 10)
        #expect(h.engine.verifyInvariants() == [])
        #expect(h.engine.placeholderSlots.withLock { $0.count } == CacheEngine.placeholderSlotCount)
    }

    @Test func metadumpIsBusyWhenEveryPlaceholderIsTaken() {
        let h = Harness { $0.lruSegmented = false }
        for i in 0..<10 { h.set("k\(i)", "v") }
        var all = SlabClassSet()
        for id in 1..<64 { all.insert(id) }
        var cursors: [MetadumpCursor] = []
        while let cursor = h.engine.makeMetadumpCursor(classes: all, wholeTable: false) { cursors.append(cursor) }
        #expect(cursors.count == CacheEngine.placeholderSlotCount)  // one list with items: one each
        #expect(h.engine.makeMetadumpCursor(classes: SlabClassSet(), wholeTable: true) != nil)
        for i in cursors.indices { h.engine.cancelMetadump(&cursors[i]) }
        #expect(h.engine.verifyInvariants() == [])
    }
}
