// StoreTests: set/add/replace/append/prepend/cas semantics, too-large and out-of-memory results, the
// large-item path and key validation.
import Testing

@testable import CacheEngine

@Suite struct StoreTests {
    @Test func setGetReplaceAdd() {
        let h = Harness()
        #expect(h.get("a") == nil)
        #expect(h.set("a", "hello", flags: 7).result == .stored)
        #expect(h.get("a")?.value == "hello")
        #expect(h.get("a")?.flags == 7)
        #expect(h.store(.add, "a", "x").result == .notStored)
        #expect(h.store(.add, "b", "bee").result == .stored)
        #expect(h.store(.replace, "c", "x").result == .notStored)
        #expect(h.store(.replace, "b", "BEE", flags: 3).result == .stored)
        #expect(h.get("b") == Harness.Hit(value: "BEE", flags: 3, cas: h.get("b")!.cas))
        #expect(h.set("empty", "").result == .stored)
        #expect(h.value("empty") == "")
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func appendPrependKeepFlagsAndExptime() {
        let h = Harness()
        h.set("k", "mid", flags: 42, expiry: 100)
        let before = h.get("k")!.cas
        let appended = h.store(.append, "k", "END", flags: 9, expiry: 5)
        #expect(appended.result == .stored)
        #expect(appended.valueLength == 6)
        #expect(appended.cas > before)
        #expect(h.store(.prepend, "k", "START", flags: 1, expiry: 1).result == .stored)
        let hit = h.get("k")!
        #expect(hit.value == "STARTmidEND")
        #expect(hit.flags == 42)
        // exptime kept: still alive at 99, gone at 100.
        h.clock.advance(by: 97)
        #expect(h.value("k") == "STARTmidEND")
        h.clock.advance(by: 1)
        #expect(h.value("k") == nil)
        #expect(h.store(.append, "missing", "x").result == .notStored)
        #expect(h.store(.prepend, "missing", "x").result == .notStored)
    }

    @Test func appendWithCASAndVivify() {
        let h = Harness()
        let cas = h.set("k", "a").cas
        #expect(h.store(.append, "k", "b", compareCAS: cas + 100).result == .exists)
        #expect(h.store(.append, "k", "b", compareCAS: cas).result == .stored)
        #expect(h.value("k") == "ab")
        #expect(h.store(.append, "v", "x", flags: 5, vivify: 30).result == .stored)
        #expect(h.get("v")?.value == "x")
        h.clock.advance(by: 30)
        #expect(h.get("v") == nil)
    }

    @Test func classicCASRules() {
        let h = Harness()
        #expect(h.store(.set, "nokey", "x", compareCAS: 1, classicCAS: true).result == .notFound)
        #expect(h.stats.casMisses == 1)
        let cas = h.set("k", "v1").cas
        #expect(h.store(.set, "k", "v2", compareCAS: cas + 1, classicCAS: true).result == .exists)
        #expect(h.store(.set, "k", "v2", compareCAS: 0, classicCAS: true).result == .exists)
        let stored = h.store(.set, "k", "v2", compareCAS: cas, classicCAS: true)
        #expect(stored.result == .stored)
        #expect(stored.cas > cas)
        #expect(h.value("k") == "v2")
        // The old CAS no longer matches.
        #expect(h.store(.set, "k", "v3", compareCAS: cas, classicCAS: true).result == .exists)
        // Meta ms C on replace mode.
        #expect(h.store(.replace, "k", "v4", compareCAS: stored.cas).result == .stored)
        let s = h.stats
        #expect(s.casHits == 2)
        #expect(s.casBadval == 3)
        #expect(s.casMisses == 1)
    }

    @Test func explicitCASIsUsed() {
        let h = Harness()
        let out = h.store(.set, "k", "v", explicitCAS: 12345)
        #expect(out.cas == 12345)
        #expect(h.get("k")?.cas == 12345)
        #expect(h.store(.set, "k", "w", compareCAS: 12345).result == .stored)
    }

    @Test func casDisabledReportsZero() {
        let h = Harness { $0.casEnabled = false }
        #expect(h.set("k", "v").cas == 0)
        #expect(h.get("k")?.cas == 0)
    }

    @Test func tooLargeMatchesMemcachedBoundary() {
        let h = Harness { $0.itemSizeMax = 1024 }
        // memcached: 48 + 8 + (key + 1) + value + 2 <= -I (no flags).
        let key = "k"
        let fits = 1024 - 48 - 8 - 2 - 2
        #expect(h.set(key, String(repeating: "x", count: fits)).result == .stored)
        #expect(h.set(key, String(repeating: "x", count: fits + 1)).result == .tooLarge)
        // A failed set removes the old value, as in memcached.
        #expect(h.get(key) == nil)
        #expect(h.stats.storeTooLarge == 1)
        // Flags take 4 more bytes.
        #expect(h.store(.set, key, String(repeating: "x", count: fits), flags: 1).result == .tooLarge)
        #expect(h.store(.set, key, String(repeating: "x", count: fits - 4), flags: 1).result == .stored)
        // append beyond the limit is NOT_STORED and keeps the old item.
        #expect(h.store(.append, key, "y").result == .notStored)
        #expect(h.get(key)?.value.count == fits - 4)
    }

    @Test func getAndTouchCountsAsMemcachedsGat() {
        let h = Harness()
        h.set("b", "1")
        #expect(h.get("b", touch: 100) != nil)
        #expect(h.get("zz", touch: 100) == nil)
        #expect(h.get("b") != nil)
        let s = h.stats
        // memcached 1.6.18: gat counts cmd_touch and touch_hits/misses, never cmd_get.
        #expect(s.cmdGet == 1)
        #expect(s.cmdTouch == 2)
        #expect(s.touchHits == 1)
        #expect(s.touchMisses == 1)
        #expect(s.getHits == 1)
        #expect(s.getMisses == 0)
    }

    @Test func tooLargeBoundaryGrowsByEightWithCASDisabled() {
        let h = Harness {
            $0.itemSizeMax = 1024
            $0.casEnabled = false
        }
        // memcached -C: 48 + (key + 1) + value + 2 <= -I (no CAS field).
        let fits = 1024 - 48 - 2 - 2
        #expect(h.set("k", String(repeating: "x", count: fits)).result == .stored)
        #expect(h.set("k", String(repeating: "x", count: fits + 1)).result == .tooLarge)
        #expect(h.engine.isTooLarge(keyLength: 1, clientFlags: 0, valueLength: fits) == false)
        #expect(h.engine.isTooLarge(keyLength: 1, clientFlags: 0, valueLength: fits + 1))
    }

    @Test func rejectTooLargeStoreUnlinksWithoutDeleteStats() {
        let h = Harness()
        h.set("k", "old")
        Array("k".utf8).withUnsafeBytes { h.engine.rejectTooLargeStore(key: $0, context: h.context) }
        #expect(h.get("k") == nil)
        Array("none".utf8).withUnsafeBytes { h.engine.rejectTooLargeStore(key: $0, context: h.context) }
        h.engine.countTooLargeStore(context: h.context)
        let stats = h.stats
        #expect(stats.storeTooLarge == 3)
        #expect(stats.deleteHits == 0)
        #expect(stats.deleteMisses == 0)
        #expect(stats.cmdSet == 1)
        #expect(stats.currItems == 0)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func largeItemsUseTheLargePath() {
        let h = Harness {
            $0.itemSizeMax = 4 << 20
            $0.memoryLimit = 16 << 20
        }
        let big = String(repeating: "a", count: 3 << 20)
        #expect(h.set("big", big).result == .stored)
        #expect(h.value("big") == big)
        #expect(h.engine.memoryInUse().largeBytes > 3 << 20)
        #expect(h.store(.append, "big", "zz").result == .stored)
        #expect(h.value("big")?.count == (3 << 20) + 2)
        #expect(h.delete("big") == .deleted)
        #expect(h.engine.memoryInUse().largeBytes == 0)
        #expect(h.store(.set, "flagged", big, flags: 0xFFFF_FFFF).result == .stored)
        #expect(h.get("flagged") == Harness.Hit(value: big, flags: 0xFFFF_FFFF, cas: h.get("flagged")!.cas))
        #expect(h.delete("flagged", dropValue: true) == .deleted)
        #expect(h.get("flagged")?.value == "")
        #expect(h.get("flagged")?.flags == 0)
        // The dropped value's bytes are given back at once, and nothing is left counted after the delete.
        #expect(h.engine.memoryInUse().largeBytes == Item.headerSize + "flagged".utf8.count)
        #expect(h.delete("flagged") == .deleted)
        #expect(h.engine.memoryInUse().largeBytes == 0)
        // More large items than fit: the oldest large ones are evicted.
        for i in 0..<8 { #expect(h.set("big\(i)", big).result == .stored) }
        #expect(h.value("big7") == big)
        #expect(h.value("big0") == nil)
        #expect(h.stats.evictions > 0)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func invalidKeysNeverCrash() {
        let h = Harness()
        #expect(h.set("", "x").result == .notStored)
        let long = String(repeating: "k", count: 251)
        #expect(h.set(long, "x").result == .notStored)
        #expect(h.get(long) == nil)
        #expect(h.delete(long) == .notFound)
        let ok = String(repeating: "k", count: 250)
        #expect(h.set(ok, "x").result == .stored)
        #expect(h.value(ok) == "x")
    }

    @Test func outOfMemoryWithoutEvictions() {
        let h = Harness {
            $0.memoryLimit = 1 << 20
            $0.slabPageSize = 64 << 10
            $0.evictionsEnabled = false
        }
        let value = String(repeating: "v", count: 100)
        var stored = 0
        var result = StoreResult.stored
        for i in 0..<100_000 {
            result = h.set("key\(i)", value).result
            if result != .stored { break }
            stored += 1
        }
        #expect(result == .outOfMemory)
        #expect(stored > 1000)
        #expect(h.stats.storeNoMemory == 1)
        #expect(h.stats.evictions == 0)
        #expect(h.value("key0") == value)
        // A failing set drops the old value (memcached avoids serving stale data).
        #expect(h.set("key0", value + "more").result == .outOfMemory || h.value("key0") == value + "more")
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func expiredItemsAreReclaimedEvenWithoutEvictions() {
        let h = Harness {
            $0.memoryLimit = 1 << 20
            $0.slabPageSize = 64 << 10
            $0.evictionsEnabled = false
        }
        let value = String(repeating: "v", count: 100)
        var count = 0
        while h.set("key\(count)", value, expiry: 10 + 2).result == .stored { count += 1 }
        h.clock.advance(by: 11)  // tail pulls free items whose expiry is before this second
        #expect(h.set("fresh", value).result == .stored)
        #expect(h.stats.reclaimed >= 1)
    }
}
