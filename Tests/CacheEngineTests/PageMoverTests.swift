// PageMoverTests: `slabs reassign` (moves between classes and to / from the global page pool, items
// rescued or dropped, every result code, in-flight chunks waited for), memory release on a lowered
// limit, automove 1 and 2, and a concurrency test meant for ThreadSanitizer
// (`swift test --sanitize=thread --filter PageMover`).
import Glibc
import Synchronization
import Testing

@testable import CacheEngine

@Suite struct PageMoverTests {
    /// 64 KiB pages so a page holds a few hundred small items; automove off unless a test turns it on.
    func engine(pages: Int = 16, _ configure: (inout EngineConfiguration) -> Void = { _ in }) -> Harness {
        Harness {
            $0.slabPageSize = 64 << 10
            $0.memoryLimit = pages * (64 << 10)
            $0.slabAutomove = 0
            configure(&$0)
        }
    }

    /// Fixed-length keys, so all items of one value size share a class.
    func key(_ i: Int, _ prefix: String = "k") -> String {
        let digits = String(i)
        return prefix + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// A value of `size` bytes that names its key.
    func value(_ key: String, size: Int = 100) -> String {
        let text = key + ":"
        return text
            + String(repeating: Character(UnicodeScalar(UInt8(97 + key.utf8.count % 26))), count: size - text.count)
    }

    func classID(_ h: Harness, valueSize: Int, keyLength: Int = 7) -> Int {
        h.engine.classID(forSize: Item.totalSize(keyLength: keyLength, valueLength: valueSize, clientFlags: 0))
    }

    func slab(_ h: Harness, _ id: Int) -> SlabClassStats {
        h.engine.slabStats().first { $0.id == id } ?? SlabClassStats()
    }

    func pages(_ h: Harness, _ id: Int) -> Int { Int(slab(h, id).totalPages) }

    func perPage(_ h: Harness, _ id: Int) -> Int { h.engine.slabClassInfo()[id - 1].perPage }

    func sound(_ h: Harness) {
        #expect(h.engine.verifyInvariants() == [])
        #expect(h.engine.verifyPageAccounting() == [])
    }

    // MARK: moves between classes

    @Test func movedPageKeepsItemsWhenFreeChunksExist() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        let count = perPage(h, a) * 3
        for i in 0..<count { #expect(h.set(key(i), value(key(i))).result == .stored) }
        #expect(pages(h, a) == 3)
        for i in stride(from: 0, to: count, by: 2) { #expect(h.delete(key(i)) == .deleted) }
        var before: [String: Harness.Hit] = [:]
        for i in stride(from: 1, to: count, by: 2) { before[key(i)] = h.get(key(i)) }
        let stored = h.stats.totalItems

        #expect(h.engine.reassignSlabPage(source: a, destination: b) == .ok)
        h.engine.waitForPageMoverIdle()

        #expect(pages(h, a) == 2)
        #expect(pages(h, b) == 1)
        #expect(slab(h, b).freeChunks == UInt64(perPage(h, b)))
        for (k, hit) in before { #expect(h.get(k) == hit, "\(k)") }  // same value, flags and CAS
        let s = h.stats
        #expect(s.slabsMoved == 1)
        // Page 1 held keys 0 ..< perPage: the odd ones were live, the even ones free.
        #expect(s.slabReassignRescues == UInt64(perPage(h, a) / 2))
        #expect(s.slabReassignEvictionsNomem == 0)
        #expect(s.slabReassignInlineReclaim == UInt64((perPage(h, a) + 1) / 2))
        #expect(s.slabReassignRunning == 0)
        #expect(s.currItems == UInt64(before.count))
        #expect(s.totalItems == stored)  // a rescue is not a store
        sound(h)
        // The new page serves the destination class.
        for i in 0..<perPage(h, b) { #expect(h.set(key(i, "b"), value(key(i, "b"), size: 1000)).result == .stored) }
        #expect(pages(h, b) == 1)
        #expect(h.value(key(3, "b")) == value(key(3, "b"), size: 1000))
        sound(h)
    }

    @Test func itemsWithoutAFreeChunkAreDroppedNotEvicted() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        let per = perPage(h, a)
        let count = per * 2 + per / 4
        for i in 0..<count { h.set(key(i), value(key(i))) }
        let spare = Int(slab(h, a).freeChunks + slab(h, a).freeChunksEnd)
        #expect(spare == per - per / 4)

        #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
        h.engine.waitForPageMoverIdle()

        let s = h.stats
        #expect(s.slabReassignRescues == UInt64(spare))
        #expect(s.slabReassignEvictionsNomem == UInt64(per - spare))
        #expect(s.evictions == 0)
        #expect(s.currItems == UInt64(count - (per - spare)))
        var missing = 0
        for i in 0..<count {
            if let v = h.value(key(i)) { #expect(v == value(key(i))) } else { missing += 1 }
        }
        #expect(missing == per - spare)
        #expect(slab(h, a).freeChunks + slab(h, a).freeChunksEnd == 0)
        sound(h)
    }

    @Test func expiredItemsAreNotRescued() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        let per = perPage(h, a)
        for i in 0..<(per * 3) { h.set(key(i), value(key(i)), expiry: i < per ? h.clock.now + 5 : 0) }
        h.clock.advance(by: 10)
        #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
        h.engine.waitForPageMoverIdle()
        let s = h.stats
        #expect(s.slabReassignRescues == 0)
        #expect(s.slabReassignEvictionsNomem == 0)
        #expect(s.currItems == UInt64(per * 2))
        #expect(h.value(key(per)) == value(key(per)))
        sound(h)
    }

    // MARK: the global page pool

    @Test func pagesGoToAndComeFromThePool() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        let c = classID(h, valueSize: 3000)
        for i in 0..<(perPage(h, a) * 4) { h.set(key(i), value(key(i))) }
        let inUse = h.engine.memoryInUse().pages
        #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.slabGlobalPagePool == 1)
        // The pool needs two pages to give one (memcached's NOSPARE rule counts pool pages too).
        #expect(h.engine.reassignSlabPage(source: 0, destination: b) == .noSpare)
        #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.slabGlobalPagePool == 2)
        #expect(h.engine.reassignSlabPage(source: 0, destination: b) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.slabGlobalPagePool == 1)
        #expect(pages(h, b) == 1)
        #expect(pages(h, a) == 2)
        #expect(h.stats.slabsMoved == 3)
        sound(h)
        // A class taking a page gets the pool's before a fresh one.
        #expect(h.set(key(1, "c"), value(key(1, "c"), size: 3000)).result == .stored)
        #expect(h.stats.slabGlobalPagePool == 0)
        #expect(pages(h, c) == 1)
        #expect(h.engine.memoryInUse().pages == inUse)
        #expect(h.value(key(1, "c")) == value(key(1, "c"), size: 3000))
        sound(h)
    }

    @Test func loweredLimitReleasesPoolPages() {
        let h = engine(pages: 16)
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        for i in 0..<(perPage(h, a) * 6) { h.set(key(i), value(key(i))) }
        for _ in 0..<2 {
            #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
            h.engine.waitForPageMoverIdle()
        }
        #expect(h.stats.slabGlobalPagePool == 2)
        #expect(h.engine.memoryInUse().pages == 6)
        // 5 pages allowed: one pool page goes back to the kernel.
        #expect(h.engine.setMemoryLimit(5 * (64 << 10)))
        #expect(h.stats.slabGlobalPagePool == 1)
        #expect(h.engine.memoryInUse().pages == 5)
        // 3 pages: what is left in the pool goes; class pages are never taken.
        #expect(h.engine.setMemoryLimit(3 * (64 << 10)))
        #expect(h.stats.slabGlobalPagePool == 0)
        #expect(h.engine.memoryInUse().pages == 4)
        // A page moved to the pool while over the limit is released at once.
        #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.slabGlobalPagePool == 0)
        #expect(h.engine.memoryInUse().pages == 3)
        #expect(h.stats.totalMalloced == UInt64(3 * (64 << 10)))
        sound(h)
        // Released pages are reused (zeroed) once the limit allows.
        #expect(h.engine.setMemoryLimit(16 * (64 << 10)))
        for i in 0..<(perPage(h, b) * 3) {
            #expect(h.set(key(i, "b"), value(key(i, "b"), size: 1000)).result == .stored)
        }
        #expect(pages(h, b) == 3)
        #expect(h.value(key(5, "b")) == value(key(5, "b"), size: 1000))
        sound(h)
    }

    // MARK: reply codes

    @Test func replyCodes() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        let largest = h.engine.largestSlabClassID
        for i in 0..<(perPage(h, a) * 2 + 1) { h.set(key(i), value(key(i))) }
        h.set("lonely1", value("lonely1", size: 1000))
        // SAME before BADCLASS.
        #expect(h.engine.reassignSlabPage(source: a, destination: a) == .same)
        #expect(h.engine.reassignSlabPage(source: -1, destination: -1) == .same)
        #expect(h.engine.reassignSlabPage(source: 99, destination: 99) == .same)
        #expect(h.engine.reassignSlabPage(source: 99, destination: a) == .badClass)
        #expect(h.engine.reassignSlabPage(source: a, destination: -1) == .badClass)
        #expect(h.engine.reassignSlabPage(source: -2, destination: b) == .badClass)
        // The large-item class is not a slab class.
        #expect(h.engine.reassignSlabPage(source: a, destination: largest + 1) == .badClass)
        #expect(h.engine.reassignSlabPage(source: largest + 1, destination: a) == .badClass)
        #expect(h.engine.reassignSlabPage(source: a, destination: largest) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(h.engine.reassignSlabPage(source: 0, destination: a) == .noSpare)
        #expect(h.engine.reassignSlabPage(source: b, destination: a) == .noSpare)
        // -1: the next class with a spare page; none left but the destination -> BADCLASS.
        #expect(h.engine.reassignSlabPage(source: -1, destination: b) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(pages(h, b) == 2)
        #expect(h.engine.reassignSlabPage(source: -1, destination: b) == .badClass)
        #expect(h.engine.reassignSlabPage(source: -1, destination: a) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(pages(h, b) == 1)
        #expect(h.stats.slabsMoved == 3)
        sound(h)

        let disabled = engine { $0.slabReassign = false }
        #expect(disabled.engine.reassignSlabPage(source: 1, destination: 2) == .disabled)
    }

    /// A chunk of the victim page handed out before the drain (allocated, being filled under its shard
    /// lock) holds the move up: the mover waits, `slabs reassign` answers BUSY meanwhile, and the item
    /// is rescued once linked.
    @Test func inFlightChunkHoldsTheMoveAndBusyIsAnswered() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        let per = perPage(h, a)
        for i in 0..<(per * 2 + 1) { h.set(key(i), value(key(i))) }
        #expect(h.delete(key(0)) == .deleted)  // frees a chunk of the oldest page
        let engine = h.engine
        let newKey = Array("z000000".utf8)
        let newValue = Array(value("z000000").utf8)
        let hash = newKey.withUnsafeBytes { hashKey($0) }
        let shard = engine.shardIndex(hash)
        engine.shards.lock(shard)
        let ref = newKey.withUnsafeBytes {
            engine.allocateItem(
                key: $0, valueLength: newValue.count, clientFlags: 0, exptime: 0, heldShard: shard, protect: 0)
        }
        let it = engine.item(ref)
        newValue.withUnsafeBytes { it.valuePointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        engine.shards.unlock(shard)
        engine.classes.lock(a)
        let firstPage = engine.classes.state(a).pointee.firstPage
        engine.classes.unlock(a)
        #expect(engine.pageIndex(of: ref) == firstPage)

        #expect(engine.reassignSlabPage(source: a, destination: b) == .ok)
        #expect(engine.reassignSlabPage(source: a, destination: b) == .busy)
        #expect(engine.reassignSlabPage(source: a, destination: a) == .busy)  // BUSY before SAME
        var waited = 0
        while h.stats.slabReassignBusyItems == 0 && waited < 5000 {
            usleep(1000)
            waited += 1
        }
        #expect(h.stats.slabReassignBusyItems > 0)
        #expect(h.stats.slabReassignRunning == 1)
        #expect(pages(h, a) == 3)

        engine.shards.lock(shard)
        engine.assignCAS(it, explicit: 0)
        engine.link(ref, it, hash: hash, shard: shard)
        engine.shards.unlock(shard)
        engine.waitForPageMoverIdle()
        #expect(pages(h, a) == 2)
        #expect(pages(h, b) == 1)
        #expect(h.value("z000000") == value("z000000"))
        #expect(h.stats.slabReassignRunning == 0)
        sound(h)
    }

    @Test func statsResetClearsMoverCounters() {
        let h = engine()
        let a = classID(h, valueSize: 100)
        for i in 0..<(perPage(h, a) * 3) { h.set(key(i), value(key(i))) }
        #expect(h.engine.reassignSlabPage(source: a, destination: 0) == .ok)
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.slabsMoved == 1)
        #expect(h.stats.slabReassignEvictionsNomem > 0)
        h.engine.resetStats()
        let s = h.stats
        #expect(s.slabsMoved == 0 && s.slabReassignEvictionsNomem == 0 && s.slabReassignRescues == 0)
        #expect(s.slabGlobalPagePool == 1)  // state, not a counter
    }

    // MARK: automove

    /// automove=1: an idle class with old items gives pages to a class that keeps evicting young ones,
    /// but only once the window (30 samples) has filled.
    @Test func automoveOneMovesPagesToTheEvictingClass() {
        let h = engine(pages: 10) { $0.slabAutomove = 1 }
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        for i in 0..<(perPage(h, a) * 6) { h.set(key(i), value(key(i))) }
        var next = 0
        while h.stats.evictions == 0 {
            h.set(key(next, "b"), value(key(next, "b"), size: 1000))
            next += 1
        }
        let startPages = pages(h, b)
        let batch = perPage(h, b) / 2
        for tick in 1...45 {
            h.clock.advance(by: 1)
            for _ in 0..<batch {
                h.set(key(next % 1_000_000, "b"), value(key(next % 1_000_000, "b"), size: 1000))
                next += 1
            }
            // The LRU maintainer's work between ticks: idle items drain from HOT into COLD, whose tail
            // age is what automove compares.
            _ = h.engine.juggle(classID: a)
            _ = h.engine.juggle(classID: b)
            h.engine.automoveTick()
            h.engine.waitForPageMoverIdle()
            if tick <= 30 { #expect(h.stats.slabsMoved == 0, "tick \(tick)") }
        }
        #expect(h.stats.slabsMoved >= 1)
        #expect(pages(h, b) > startPages)
        #expect(pages(h, a) < 6)
        #expect(h.stats.slabGlobalPagePool == 0)
        sound(h)
    }

    /// automove=1: a class holding more than 2.5 pages of free chunks, with nothing happening in it for a
    /// whole window, gives a page to the global pool; automove=0 never does.
    @Test func automoveOneReturnsIdleFreePagesToThePool() {
        let h = engine(pages: 10) { $0.slabAutomove = 0 }
        let a = classID(h, valueSize: 100)
        let count = perPage(h, a) * 4
        for i in 0..<count { h.set(key(i), value(key(i))) }
        for i in 0..<count { #expect(h.delete(key(i)) == .deleted) }
        for _ in 0..<40 { h.engine.automoveTick() }
        #expect(h.stats.slabsMoved == 0)
        h.engine.setSlabAutomove(1)
        #expect(h.engine.slabAutomove == 1)
        var moved = 0
        var toPool = false
        for _ in 0..<40 where moved == 0 {
            h.clock.advance(by: 1)
            toPool = h.engine.automoveTick()
            h.engine.waitForPageMoverIdle()
            moved = Int(h.stats.slabsMoved)
        }
        #expect(moved == 1)
        #expect(toPool)  // a page to the pool: the maintainer runs the step again at once
        #expect(h.stats.slabGlobalPagePool == 1)
        #expect(pages(h, a) == 3)
        sound(h)
    }

    /// A new `slabs automove ratio` starts a fresh window (memcached re-creates its automover): the 30
    /// quiet samples a pool move needs are counted again from the change.
    @Test func automoveRatioChangeRestartsTheWindow() {
        let h = engine(pages: 10) { $0.slabAutomove = 1 }
        let a = classID(h, valueSize: 100)
        let count = perPage(h, a) * 4
        for i in 0..<count { h.set(key(i), value(key(i))) }
        for i in 0..<count { #expect(h.delete(key(i)) == .deleted) }
        func tick() {
            h.clock.advance(by: 1)
            h.engine.automoveTick()
            h.engine.waitForPageMoverIdle()
        }
        for _ in 0..<20 { tick() }
        h.engine.setSlabAutomoveRatio(0.5)
        for _ in 0..<25 { tick() }
        #expect(h.stats.slabsMoved == 0)  // 45 ticks, but only 25 since the change
        for _ in 0..<10 { tick() }
        #expect(h.stats.slabsMoved >= 1)
        sound(h)
    }

    /// automove=2: evictions in a class pull pages from classes with spare ones.
    @Test func automoveTwoMovesAPageOnEviction() {
        let h = engine(pages: 10) { $0.slabAutomove = 2 }
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        for i in 0..<(perPage(h, a) * 6) { h.set(key(i), value(key(i))) }
        h.engine.startPageMover()
        var next = 0
        while h.stats.evictions == 0 {
            h.set(key(next, "b"), value(key(next, "b"), size: 1000))
            next += 1
        }
        for _ in 0..<200 where h.stats.slabsMoved == 0 {
            h.set(key(next, "b"), value(key(next, "b"), size: 1000))
            next += 1
            h.engine.waitForPageMoverIdle()
        }
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.slabsMoved >= 1)
        #expect(pages(h, b) > 4)  // it had the 4 pages class a left
        #expect(pages(h, a) < 6)
        h.engine.stopPageMover()
        sound(h)
    }

    /// automove=2: evictions of large (malloc'd) items ask for nothing: that class holds no pages.
    @Test func automoveTwoIgnoresLargeItemEvictions() {
        let h = engine(pages: 10) { $0.slabAutomove = 2 }
        let a = classID(h, valueSize: 100)
        for i in 0..<(perPage(h, a) * 3) { h.set(key(i), value(key(i))) }
        h.engine.startPageMover()
        var next = 0
        while h.stats.evictions < 5 && next < 1000 {
            #expect(h.set(key(next, "L"), value(key(next, "L"), size: 70_000)).result == .stored)
            next += 1
        }
        h.engine.waitForPageMoverIdle()
        #expect(h.stats.evictions >= 5)
        #expect(h.stats.slabsMoved == 0)
        #expect(pages(h, a) == 3)
        h.engine.stopPageMover()
        sound(h)
    }

    // MARK: concurrency (run under ThreadSanitizer)

    /// Workers get, set and delete keys living in the pages being moved while pages go back and forth
    /// between two classes and the pool. Every value read must be the one its key was stored with.
    @Test func movesWhileWorkersUseTheItems() {
        let h = engine(pages: 24)
        let a = classID(h, valueSize: 100)
        let b = classID(h, valueSize: 1000)
        let per = perPage(h, a)
        let keys = per * 3
        for i in 0..<keys { h.set(key(i), value(key(i))) }
        let engine = h.engine
        let threads = 4
        let bad = Results<Int>(threads + 1, 0)
        let stop = Counter()
        let warm = Counter()
        runConcurrently(threads: threads + 1) { index in
            if index == threads {
                // The mover's driver.
                // Start moving once every worker is busy (bounded wait).
                var waited = 0
                while warm.load() < threads && waited < 20_000 {
                    usleep(500)
                    waited += 1
                }
                var moves = 0
                for round in 0..<36 {
                    let plan = [(a, b), (a, 0), (b, a), (a, 0), (0, a), (-1, b)][round % 6]
                    if engine.reassignSlabPage(source: plan.0, destination: plan.1) == .ok { moves += 1 }
                    engine.waitForPageMoverIdle()
                }
                stop.increment()
                bad[index] = moves < 18 ? 1 : 0
                return
            }
            let context = engine.makeWorkerContext()
            var random = TestRandom(seed: UInt64(index + 1))
            var operations = 0
            while stop.load() == 0 && operations < 2_000_000 {
                operations += 1
                if operations == 200 { warm.increment() }
                let k = self.key(random.below(keys))
                let keyBytes = Array(k.utf8)
                let expected = Array(self.value(k).utf8)
                switch random.below(10) {
                case 0..<6:
                    let ok = keyBytes.withUnsafeBytes { kb in
                        engine.get(kb, touch: nil, context: context) { view in
                            view.value.elementsEqual(expected) && view.key.elementsEqual(keyBytes)
                        }
                    }
                    if ok == false { bad[index] += 1 }
                case 6..<9:
                    _ = keyBytes.withUnsafeBytes { kb in
                        expected.withUnsafeBytes { vb in
                            engine.store(StoreRequest(mode: .set, key: kb, value: vb), context: context)
                        }
                    }
                default:
                    _ = keyBytes.withUnsafeBytes {
                        engine.delete(DeleteRequest(key: $0), context: context)
                    }
                }
            }
            if operations < 200 { warm.increment() }
        }
        #expect(bad.values == Array(repeating: 0, count: threads + 1))
        #expect(h.stats.slabsMoved > 0)
        sound(h)
    }
}

extension PageMoverTests {
    /// automove=2 under traffic: two classes evict in turn, every eviction may queue a move (from the
    /// eviction site, under the class lock) while workers read and write items of the pages moved.
    @Test func automoveTwoUnderTraffic() {
        let h = engine(pages: 12) { $0.slabAutomove = 2 }
        let engine = h.engine
        engine.startPageMover()
        let threads = 4
        let bad = Results<Int>(threads, 0)
        runConcurrently(threads: threads) { index in
            let context = engine.makeWorkerContext()
            var random = TestRandom(seed: UInt64(100 + index))
            for operation in 0..<20_000 {
                // Phases: small values, then big ones, then small again, so each class evicts in turn.
                let big = (operation / 5000) % 2 == 1
                let k = self.key(random.below(big ? 2000 : 20_000), big ? "B" : "s")
                let keyBytes = Array(k.utf8)
                let expected = Array(self.value(k, size: big ? 1000 : 100).utf8)
                if random.below(2) == 0 {
                    let ok = keyBytes.withUnsafeBytes { kb in
                        engine.get(kb, touch: nil, context: context) { $0.value.elementsEqual(expected) }
                    }
                    if ok == false { bad[index] += 1 }
                } else {
                    _ = keyBytes.withUnsafeBytes { kb in
                        expected.withUnsafeBytes { vb in
                            engine.store(StoreRequest(mode: .set, key: kb, value: vb), context: context)
                        }
                    }
                }
            }
        }
        engine.waitForPageMoverIdle()
        engine.stopPageMover()
        #expect(bad.values == Array(repeating: 0, count: threads))
        #expect(h.stats.evictions > 0)
        #expect(h.stats.slabsMoved > 0)
        sound(h)
    }
}

/// A counter the concurrency test's threads share.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func load() -> Int { value.load(ordering: .acquiring) }
    func increment() { value.wrappingAdd(1, ordering: .releasing) }
}
