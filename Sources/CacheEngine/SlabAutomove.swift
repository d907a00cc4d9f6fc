// SlabAutomove: memcached 1.6.18's page-balancing policies (`slabs automove 0|1|2`, slab_automove.c).
//
//   0  pages move only on `slabs reassign`.
//   1  `automoveTick()`, called once a second by the LRU maintainer (as memcached's automove runs in its
//      maintainer thread), keeps a sliding window of per-class samples and asks for at
//      most one move per call: a class with more than 2.5 pages of free chunks and no eviction, out of
//      memory or page growth in the window gives a page to the global pool; otherwise the class with the
//      oldest tail (and more than two pages) gives one to the youngest class that keeps evicting, when
//      the youngest's age is below the oldest's times `slab_automove_ratio`.
//   2  every eviction asks for a page from any class with a spare one (`requestPageOnEviction`).
//
// Locking: the window (`AutomoveWindow`) is guarded by its own lock (PageMoverState.automove), taken
// only by `automoveTick` and never while another engine lock is held; samples are read under each class
// lock in turn (the tail item's time under its shard lock, try-locked). The mode and ratio are atomics.
// The inputs that depend on the LRU's shape are read in `automoveTailAge` and `automoveSample`, so the
// segmented LRU only has to change those two functions.
import Synchronization

/// One class's sample in one window slot (memcached's struct window_data).
struct AutomoveSlot {
    var age: UInt64 = 0
    var evictedRatio: Double = 0
    var evictedSeen: UInt64 = 0
    var dirty: UInt64 = 0
}

/// One class's counters read at a tick (memcached's item_stats_automove + slab_stats_automove).
struct AutomoveSample {
    var evicted: UInt64 = 0
    var outOfMemory: UInt64 = 0
    var totalPages = 0
    var age: UInt64 = 0
    var freeChunks = 0
    var chunksPerPage = 0
}

/// memcached's slab_automove state: the window of samples per class and the previous tick's counters.
struct AutomoveWindow {
    let windowSize: Int
    var windowCurrent: UInt64 = 0
    /// [class * windowSize + slot]; class 0 unused.
    var slots: [AutomoveSlot]
    var before: [AutomoveSample]

    /// The `slab_automove_ratio` this window was started with.
    let ratio: Double

    init(classCount: Int, windowSize: Int, ratio: Double) {
        self.windowSize = windowSize
        self.ratio = ratio
        slots = Array(repeating: AutomoveSlot(), count: (classCount + 1) * windowSize)
        before = Array(repeating: AutomoveSample(), count: classCount + 1)
    }

    /// memcached's slab_automove_run: the (source, destination) to move, or nil. `after[n]` is class n's
    /// sample now (index 0 unused).
    mutating func decide(after: [AutomoveSample], ratio: Double) -> (source: Int, destination: Int)? {
        let classCount = after.count - 1
        var evictedTotal: UInt64 = 0
        for n in 1...classCount { evictedTotal &+= delta(after[n].evicted, before[n].evicted) }
        windowCurrent += 1
        var oldest = -1
        var oldestAge: UInt64 = 0
        var youngest = -1
        var youngestAge = UInt64.max
        var youngestEvicting = false
        var decision: (source: Int, destination: Int)? = nil
        for n in 1...classCount {
            let offset = n * windowSize
            let slotIndex = offset + Int(windowCurrent % UInt64(windowSize))
            var slot = AutomoveSlot()
            let evicted = delta(after[n].evicted, before[n].evicted)
            if evicted > 0 {
                slot.evictedRatio = Double(evicted) / Double(evictedTotal)
                slot.evictedSeen = 1
                slot.dirty = 1
            }
            if delta(after[n].outOfMemory, before[n].outOfMemory) > 0 { slot.dirty = 1 }
            if after[n].totalPages > before[n].totalPages { slot.dirty = 1 }
            slot.age = after[n].age
            slots[slotIndex] = slot

            var sum = AutomoveSlot()
            for i in offset..<(offset + windowSize) {
                sum.age &+= slots[i].age
                sum.evictedRatio += slots[i].evictedRatio
                sum.evictedSeen += slots[i].evictedSeen
                sum.dirty += slots[i].dirty
            }
            let age = sum.age / UInt64(windowSize)
            // Plenty of free chunks and nothing happening: give a page to the global pool.
            if Double(after[n].freeChunks) > Double(after[n].chunksPerPage) * 2.5 && sum.dirty == 0 {
                decision = (n, 0)
                break
            }
            if age > oldestAge && after[n].totalPages > 2 {
                oldest = n
                oldestAge = age
            }
            if age < youngestAge
                && (sum.evictedSeen > UInt64(windowSize / 2) || sum.evictedRatio / Double(windowSize) > 0.25)
            {
                youngest = n
                youngestAge = age
                youngestEvicting = slot.evictedSeen != 0
            }
        }
        before = after
        if let decision { return decision }
        if youngest != -1 && oldest != -1 && windowCurrent > UInt64(windowSize)
            && Double(youngestAge) < Double(oldestAge) * ratio && youngestEvicting
        {
            return (oldest, youngest)
        }
        return nil
    }

    /// Counter growth since the last tick (0 if `stats reset` zeroed the counter meanwhile).
    private func delta(_ after: UInt64, _ before: UInt64) -> UInt64 {
        after >= before ? after - before : 0
    }
}

extension CacheEngine {
    /// `slabs automove`: the policy set (0, 1 or 2); it moves nothing when slab reassignment is disabled.
    public var slabAutomove: Int { pageMover.automoveMode.load(ordering: .relaxed) }

    /// `slabs automove ratio`: automove=1 moves a page when the youngest class's age is below the
    /// oldest's times this ratio.
    public var slabAutomoveRatio: Double { Double(bitPattern: pageMover.automoveRatioBits.load(ordering: .relaxed)) }

    /// `slabs automove <0|1|2>`: changes the policy (values outside 0...2 are ignored).
    public func setSlabAutomove(_ mode: Int) {
        guard (0...2).contains(mode) else { return }
        pageMover.automoveMode.store(mode, ordering: .relaxed)
    }

    /// `slabs automove ratio <r>` (no range check, as memcached).
    public func setSlabAutomoveRatio(_ ratio: Double) {
        pageMover.automoveRatioBits.store(ratio.bitPattern, ordering: .relaxed)
    }

    /// automove=1's once-a-second step: samples every slab class, updates the window and queues at most
    /// one page move (reassign errors are ignored, as in memcached). Does nothing in other modes. A new
    /// `slabs automove ratio` starts a fresh window, as memcached re-creates its automover. Returns true
    /// when it decided to give a page to the global pool: memcached then runs the step again without
    /// waiting for the next second, to free surplus pages faster.
    @discardableResult
    public func automoveTick() -> Bool {
        guard slabAutomove == 1, configuration.slabReassign else { return false }
        let ratio = slabAutomoveRatio
        let decision = pageMover.automove.withLock { window -> (source: Int, destination: Int)? in
            if window.ratio != ratio {
                window = AutomoveWindow(classCount: largestSlabClassID, windowSize: window.windowSize, ratio: ratio)
            }
            var after = [AutomoveSample](repeating: AutomoveSample(), count: largestSlabClassID + 1)
            for id in 1...largestSlabClassID {
                after[id] = automoveSample(classID: id, previousAge: window.before[id].age)
            }
            return window.decide(after: after, ratio: ratio)
        }
        guard let decision else { return false }
        _ = reassignSlabPage(source: decision.source, destination: decision.destination)
        return decision.destination == 0
    }

    /// One class's automove inputs. `previousAge` stands in when the tail's shard is busy.
    func automoveSample(classID id: Int, previousAge: UInt64) -> AutomoveSample {
        classes.lock(id)
        defer { classes.unlock(id) }
        let c = classes.state(id)
        var sample = AutomoveSample()
        sample.evicted = c.pointee.evicted
        sample.outOfMemory = c.pointee.outOfMemory
        sample.totalPages = c.pointee.totalPages
        sample.freeChunks = c.pointee.freeCount + c.pointee.endRemaining
        sample.chunksPerPage = c.pointee.perPage
        sample.age = automoveTailAge(c) ?? previousAge
        return sample
    }

    /// Seconds since COLD's tail item (the next eviction) was last accessed, 0 for an empty COLD, nil if
    /// its shard is busy. Class lock held; the tail's time is read under its shard lock.
    func automoveTailAge(_ c: UnsafeMutablePointer<SlabClass>) -> UInt64? {
        var tail = lruList(c, .cold).pointee.tail
        while tail != 0 && item(tail).isPlaceholder { tail = item(tail).lruPrev }
        guard tail != 0 else { return 0 }
        let it = item(tail)
        let shard = shardIndex(hashKey(it.key))
        guard shards.tryLock(shard) else { return nil }
        defer { shards.unlock(shard) }
        let now = clock.now
        let time = it.time
        return now >= time ? UInt64(now - time) : 0
    }

    /// The eviction site's hook (`pullTail` evicting from COLD, class lock held): automove=2 asks for a page
    /// (not for the large-item class, which holds no pages).
    @inline(__always) func slabAutomoveEvicted(classID id: Int) {
        guard pageMover.automoveMode.load(ordering: .relaxed) == 2, id <= largestSlabClassID else { return }
        requestPageOnEviction(classID: id)
    }
}
