// MetaTests: meta-protocol engine semantics: vivify on miss with exactly one win, stale items from
// md I and ms I (protocol-notes P1-P9), md C / x / E, and touch via the handle.
import Testing

@testable import CacheEngine

@Suite struct MetaTests {
    @Test func vivifyCreatesStubAndOneWinner() {
        let h = Harness()
        #expect(h.metaGet("lk1") == nil)
        let (first, won) = h.metaGet("lk1", vivify: 30)!
        #expect(won)
        #expect(first.created)
        #expect(first.value == "")
        #expect(first.expiry == h.clock.now + 30)
        let (second, won2) = h.metaGet("lk1", vivify: 30)!
        #expect(!won2)
        #expect(second.wonBefore)  // Z
        #expect(!second.created)
        #expect(second.cas == first.cas)
        // Classic get sees a 0-byte hit.
        #expect(h.get("lk1")?.value == "")
        // The winner fills with its CAS; the loser's CAS is then stale.
        let fill = h.store(.set, "lk1", "hello", flags: 7, expiry: 60, compareCAS: first.cas)
        #expect(fill.result == .stored)
        #expect(h.store(.set, "lk1", "bbbbb", compareCAS: first.cas).result == .exists)
        let (after, won3) = h.metaGet("lk1", vivify: 30)!
        #expect(!won3 && !after.wonBefore && after.value == "hello")
        // Vivifying misses count as hits.
        let s = h.stats
        #expect(s.getMisses == 1)
        #expect(s.getHits == 4)
        #expect(s.cmdGet == 5)
        #expect(s.cmdTouch == 0)
    }

    @Test func stubExpiryReArmsTheWin() {
        let h = Harness()
        let (a, wonA) = h.metaGet("lk7", vivify: 2)!
        #expect(wonA)
        h.clock.advance(by: 2)
        let (b, wonB) = h.metaGet("lk7", vivify: 2)!
        #expect(wonB)
        #expect(b.cas > a.cas)
    }

    @Test func deleteInvalidateServesStaleWithOneRecacher() {
        let h = Harness()
        h.set("lk1", "hello", flags: 7, expiry: 1000)
        let cas = h.get("lk1")!.cas
        #expect(h.delete("lk1", invalidate: true, newExpiry: h.clock.now + 30) == .deleted)
        let (first, won) = h.metaGet("lk1")!
        #expect(first.stale && won && !first.wonBefore)  // X W
        #expect(first.cas > cas)
        #expect(first.value == "hello")
        #expect(first.expiry == h.clock.now + 30)
        let (second, won2) = h.metaGet("lk1")!
        #expect(second.stale && !won2 && second.wonBefore)  // Z X
        #expect(h.get("lk1")?.flags == 7)
        // P5: a late writer with the pre-invalidation CAS and I stores but stays stale, with the old
        // TTL and win bit, and a new CAS.
        #expect(h.store(.set, "lk1", "STALE", expiry: 60, compareCAS: cas).result == .exists)
        let late = h.store(.set, "lk1", "STALE2", expiry: 60, compareCAS: cas, invalidateIfStale: true)
        #expect(late.result == .stored)
        #expect(late.cas > first.cas)
        let (third, won3) = h.metaGet("lk1")!
        #expect(third.value == "STALE2" && third.stale && third.wonBefore && !won3)
        #expect(third.expiry == h.clock.now + 30)
        // A CAS higher than the current one with I is EX; the winner's (now older) CAS fails too.
        #expect(h.store(.set, "lk1", "hi", compareCAS: late.cas + 1000, invalidateIfStale: true).result == .exists)
        #expect(h.store(.set, "lk1", "fresh", compareCAS: first.cas).result == .exists)
        // A matching CAS with I is a normal store: clears stale.
        let ok = h.store(.set, "lk1", "ok", compareCAS: late.cas, invalidateIfStale: true)
        #expect(ok.result == .stored)
        let (final, _) = h.metaGet("lk1")!
        #expect(!final.stale && !final.wonBefore && final.expiry == 0)
    }

    @Test func deleteInvalidateTwiceReArms() {
        let h = Harness()
        h.set("st9", "ok")
        #expect(h.delete("st9", invalidate: true) == .deleted)
        #expect(h.metaGet("st9")!.won)
        #expect(!h.metaGet("st9")!.won)
        #expect(h.delete("st9", invalidate: true) == .deleted)
        #expect(h.metaGet("st9")!.won)
    }

    @Test func deleteCompareCASAndMisses() {
        let h = Harness()
        let cas = h.set("k", "v").cas
        #expect(h.delete("k", compareCAS: cas + 1, invalidate: true) == .exists)
        #expect(h.delete("k", compareCAS: cas, invalidate: true) == .deleted)
        #expect(h.delete("nosuchkey", invalidate: true) == .notFound)
        let current = h.get("k")!.cas
        #expect(h.delete("k", compareCAS: current) == .deleted)
        #expect(h.get("k") == nil)
        #expect(h.delete("k") == .notFound)
        let s = h.stats
        #expect(s.deleteHits == 1)
        #expect(s.deleteMisses == 3)
    }

    @Test func plainDeleteRevokesWinnerFill() {
        let h = Harness()
        let (stub, _) = h.metaGet("lk2", vivify: 30)!
        #expect(h.delete("lk2") == .deleted)
        #expect(h.store(.set, "lk2", "abc", compareCAS: stub.cas).result == .notFound)
    }

    @Test func dropValueKeepsItem() {
        let h = Harness()
        h.set("k", "value", flags: 5)
        #expect(h.delete("k", invalidate: true, explicitCAS: 777, dropValue: true) == .deleted)
        let hit = h.get("k")!
        #expect(hit == Harness.Hit(value: "", flags: 0, cas: 777))
        #expect(h.metaGet("k")!.0.stale)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func handleTouchKeepsCASAndCounts() {
        let h = Harness()
        let cas = h.set("k", "v").cas
        let newExpiry = h.clock.now + 60
        let result = Array("k".utf8).withUnsafeBytes { key in
            h.engine.metaAccess(key, vivifyExpiry: nil, kind: .touch, context: h.context) {
                handle -> (UInt64, Bool, UInt32) in
                let fetched = handle.wasFetchedBefore
                handle.expiry = newExpiry
                handle.markAccessed(bumpLRU: true)
                return (handle.cas, fetched, handle.expiry)
            }
        }
        #expect(result?.0 == cas)
        #expect(result?.1 == false)
        #expect(result?.2 == newExpiry)
        #expect(h.metaGet("k")!.0.fetchedBefore)
        #expect(h.stats.cmdTouch == 1)
        #expect(h.stats.touchHits == 1)
    }

    @Test func concurrentVivifyHasExactlyOneWinner() {
        let h = Harness()
        let wins = Results<Int>(4, 0)
        let rounds = 2000
        runConcurrently(threads: 4) { thread in
            let context = h.engine.makeWorkerContext()
            var count = 0
            for round in 0..<rounds {
                if let (_, won) = h.metaGet("hot\(round)", vivify: 30, context: context), won { count += 1 }
            }
            wins[thread] = count
        }
        #expect(wins.values.reduce(0, +) == rounds)
    }

    @Test func binaryKeyBitFollowsTheStoredItem() {
        let h = Harness()
        func isBinary(_ key: String) -> Bool? {
            Array(key.utf8).withUnsafeBytes { kb in
                h.engine.metaAccess(kb, vivifyExpiry: nil, context: h.context) { $0.keyIsBinary }
            }
        }
        let stored = Array("bin".utf8).withUnsafeBytes { kb in
            Array("1".utf8).withUnsafeBytes { vb in
                h.engine.store(StoreRequest(mode: .set, key: kb, value: vb, keyIsBinary: true), context: h.context)
            }
        }
        #expect(stored.result == .stored)
        #expect(isBinary("bin") == true)
        // In-place incr keeps the item (and its bit); a longer result is a new item without it.
        _ = h.arithmetic("bin", 1)
        #expect(h.value("bin") == "2")
        #expect(isBinary("bin") == true)
        _ = h.arithmetic("bin", 8)
        #expect(h.value("bin") == "10")
        #expect(isBinary("bin") == false)
        // A plain store clears it; the time word's other bits are unaffected.
        h.set("bin", "x")
        #expect(isBinary("bin") == false)
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func metaAccessCountsByKind() {
        let h = Harness()
        h.set("k", "v")
        func access(_ key: String, _ kind: MetaAccessKind) {
            _ = Array(key.utf8).withUnsafeBytes { kb in
                h.engine.metaAccess(kb, vivifyExpiry: nil, kind: kind, context: h.context) { _ in true }
            }
        }
        access("k", .touch)
        access("k", .debug)
        access("none", .debug)
        var s = h.stats
        #expect(s.cmdTouch == 1)
        #expect(s.touchHits == 1)
        #expect(s.cmdMeta == 2)
        #expect(s.cmdGet == 0)
        #expect(s.getHits == 0)
        #expect(s.getMisses == 0)
        access("none", .touch)
        access("k", .get)
        s = h.stats
        #expect(s.cmdGet == 2)
        #expect(s.getMisses == 1)
        #expect(s.getHits == 1)
        #expect(s.touchMisses == 0)
        #expect(s.namedValues.first { $0.0 == "cmd_meta" }?.1 == 2)
    }

    @Test func vivifyTakesTheGivenCAS() {
        let h = Harness()
        let cas = Array("stub".utf8).withUnsafeBytes { kb in
            h.engine.metaAccess(kb, vivifyExpiry: 30, vivifyCAS: 500, context: h.context) { $0.cas }
        }
        #expect(cas == 500)
        #expect(h.get("stub")?.cas == 500)
    }

    @Test func arithmeticReportsCreationAndPreviousExpiry() {
        let h = Harness()
        var report = ArithmeticReport()
        let created = Array("n".utf8).withUnsafeBytes { kb in
            h.engine.arithmetic(
                ArithmeticRequest(
                    key: kb, increment: true, delta: 1, vivify: (initial: 5, expiry: 30), newExpiry: 60),
                context: h.context, report: &report)
        }
        guard case .value(5, _, let expiry) = created else {
            Issue.record("expected a value, got \(created)")
            return
        }
        #expect(expiry == 60)
        #expect(report.created)
        #expect(report.previousExpiry == 30)
        #expect(h.stats.incrMisses == 0)
        report = ArithmeticReport()
        let updated = Array("n".utf8).withUnsafeBytes { kb in
            h.engine.arithmetic(
                ArithmeticRequest(key: kb, increment: true, delta: 1, newExpiry: 90), context: h.context,
                report: &report)
        }
        guard case .value(6, _, 90) = updated else {
            Issue.record("expected 6 with expiry 90, got \(updated)")
            return
        }
        #expect(!report.created)
        #expect(report.previousExpiry == 60)
    }

    @Test func referencedCounterIsReplacedNotPaddedInPlace() {
        let h = Harness()
        h.set("n", "10")
        let version = Array("n".utf8).withUnsafeBytes { kb in
            h.engine.metaAccess(kb, vivifyExpiry: nil, context: h.context) { handle -> UInt64 in
                handle.markAccessed(bumpLRU: true)
                return handle.version
            }
        }!
        func decrement(referenced: [UInt64]) {
            _ = Array("n".utf8).withUnsafeBytes { kb in
                referenced.withUnsafeBufferPointer { versions in
                    h.engine.arithmetic(
                        ArithmeticRequest(key: kb, increment: false, delta: 1, referencedVersions: versions),
                        context: h.context)
                }
            }
        }
        // The caller no longer references it (its reply was sent): in place, padded, still fetched.
        decrement(referenced: [])
        #expect(h.value("n") == "9 ")
        // The caller still references this version: a new item, unpadded and not fetched.
        h.set("n", "10")
        let second = Array("n".utf8).withUnsafeBytes { kb in
            h.engine.metaAccess(kb, vivifyExpiry: nil, context: h.context) { $0.version }
        }!
        decrement(referenced: [version, second])
        let fetched = Array("n".utf8).withUnsafeBytes { kb in
            h.engine.metaAccess(kb, vivifyExpiry: nil, context: h.context) { $0.wasFetchedBefore }
        }
        #expect(fetched == false)
        #expect(h.value("n") == "9")
        #expect(h.engine.verifyInvariants() == [])
    }
}
