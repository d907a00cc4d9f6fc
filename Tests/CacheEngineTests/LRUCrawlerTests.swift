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
        var cursor = h.engine.makeMetadumpCursor(classes: all, wholeTable: false)
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
}
