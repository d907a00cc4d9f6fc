// ExpiryAndFlushTests: TTL rules with a manual clock, touch and gat, immediate and delayed flush_all,
// and the crawler freeing dead items.
import Testing

@testable import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct ExpiryAndFlushTests {
    @Test func relativeAbsoluteNegativeAndZeroTTLs() {
        let h = Harness()
        let clock = h.clock
        h.set("never", "v", expiry: clock.relativeExpiry(fromProtocol: 0))
        h.set("rel", "v", expiry: clock.relativeExpiry(fromProtocol: 10))
        h.set("neg", "v", expiry: clock.relativeExpiry(fromProtocol: -1))
        let unixNow = Int64(clock.processStarted) + Int64(clock.now)
        h.set("abs", "v", expiry: clock.relativeExpiry(fromProtocol: unixNow + 20))
        h.set("past", "v", expiry: clock.relativeExpiry(fromProtocol: unixNow - 100))
        h.set("30days+1", "v", expiry: clock.relativeExpiry(fromProtocol: 2_592_001))
        #expect(h.value("neg") == nil)
        #expect(h.value("past") == nil)
        #expect(h.value("30days+1") == nil)
        #expect(h.value("rel") == "v")
        #expect(h.value("abs") == "v")
        clock.advance(by: 9)
        #expect(h.value("rel") == "v")
        clock.advance(by: 1)
        #expect(h.value("rel") == nil)
        #expect(h.value("abs") == "v")
        clock.advance(by: 10)
        #expect(h.value("abs") == nil)
        clock.advance(by: 100_000)
        #expect(h.value("never") == "v")
        #expect(h.stats.getExpired == 5)
        #expect(h.stats.currItems == 1)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func touchAndGatChangeExpiryNotCAS() {
        let h = Harness()
        let cas = h.set("k", "v", expiry: 5 + h.clock.now).cas
        #expect(h.touch("k", h.clock.now + 100))
        #expect(h.get("k")?.cas == cas)
        h.clock.advance(by: 50)
        let hit = h.get("k", touch: h.clock.now + 10)
        #expect(hit?.cas == cas)
        h.clock.advance(by: 9)
        #expect(h.value("k") == "v")
        h.clock.advance(by: 1)
        #expect(h.value("k") == nil)
        #expect(!h.touch("k", 0))
        #expect(h.get("nokey", touch: 10) == nil)
        let s = h.stats
        #expect(s.touchHits == 2)
        #expect(s.touchMisses == 2)
        #expect(s.cmdTouch == 4)
        // gat counts cmd_get but not get_hits/get_misses.
        #expect(s.getHits == 2)
        #expect(s.getMisses == 1)
    }

    @Test func touchWithNegativeExpiryRemoves() {
        let h = Harness()
        h.set("k", "v")
        #expect(h.touch("k", h.clock.relativeExpiry(fromProtocol: -1)))
        #expect(h.value("k") == nil)
    }

    @Test func immediateFlushHidesOlderItemsOnly() {
        let h = Harness()
        h.set("old1", "a")
        h.set("old2", "b")
        h.engine.flushAll(delay: 0, context: h.context)
        // Same second: stores after the flush survive.
        h.set("new", "c")
        #expect(h.value("old1") == nil)
        #expect(h.value("new") == "c")
        #expect(h.store(.add, "old2", "again").result == .stored)
        #expect(h.value("old2") == "again")
        let s = h.stats
        #expect(s.cmdFlush == 1)
        #expect(s.getFlushed == 2)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func flushAlsoHidesExplicitCASItems() {
        let h = Harness()
        h.store(.set, "e", "v", explicitCAS: 1 << 60)
        h.store(.set, "small", "v", explicitCAS: 1)
        // Items with client-chosen CAS values are ordered against a flush by time; within the flush's own
        // second the CAS decides (a documented imprecision for E values only).
        h.clock.advance(by: 1)
        h.engine.flushAll(delay: 0, context: h.context)
        #expect(h.value("e") == nil)
        h.clock.advance(by: 1)
        h.store(.set, "small", "v", explicitCAS: 1)
        #expect(h.value("small") == "v")
    }

    @Test func delayedFlush() {
        let h = Harness()
        h.set("a", "1")
        h.engine.flushAll(delay: 2, context: h.context)
        #expect(h.value("a") == "1")
        h.clock.advance(by: 1)
        h.set("b", "2")
        #expect(h.value("a") == "1")
        h.clock.advance(by: 1)
        #expect(h.value("a") == nil)
        #expect(h.value("b") == nil)
        h.set("c", "3")
        #expect(h.value("c") == "3")
        // A later delayed flush keeps the effect of the one that already happened.
        h.engine.flushAll(delay: 100, context: h.context)
        h.set("a", "again")
        #expect(h.value("c") == "3")
        #expect(h.value("a") == "again")
    }

    @Test func crawlerFreesExpiredAndFlushed() {
        let h = Harness()
        for i in 0..<100 { h.set("t\(i)", "v", expiry: h.clock.now + 5) }
        for i in 0..<100 { h.set("p\(i)", "v") }
        // The crawler, like memcached's, frees items whose expiry is before this second.
        h.clock.advance(by: 5)
        #expect(h.engine.crawlAll() == 0)
        h.clock.advance(by: 1)
        #expect(h.engine.crawlAll() == 100)
        #expect(h.stats.currItems == 100)
        #expect(h.stats.crawlerReclaimed == 100)
        h.engine.flushAll(delay: 0, context: h.context)
        #expect(h.engine.crawlAll() == 100)
        #expect(h.stats.currItems == 0)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func maintenanceThreadStartsAndStops() {
        let clock = EngineClock()
        let engine = try! CacheEngine(configuration: EngineConfiguration(), clock: clock)
        engine.startMaintenance(tickClock: true)
        engine.startMaintenance(tickClock: true)
        var pause = timespec(tv_sec: 1, tv_nsec: 200_000_000)
        nanosleep(&pause, nil)
        engine.stopMaintenance()
        engine.stopMaintenance()
        #expect(clock.now >= 3)
    }
}
