// LRUMaintainer: the background thread that keeps each class's LRU segments in shape (memcached's
// lru_maintainer_thread): it pulls HOT and WARM tails down to COLD, lifts active COLD tails back to WARM,
// reclaims dead tail items and TEMP items, moves queued COLD hits to WARM, and once a second starts the
// crawler's automatic expiry runs and runs the slab automover (SlabAutomove.swift). It never evicts: eviction happens only when a
// worker needs memory.
//
// Timing (memcached's): each class has its own backoff. A class whose juggle moved nothing sleeps
// longer (1 ms, then +1/8 each time, up to 1 s); one that moved items halves its backoff. The thread
// sleeps until the earliest class is due, so an idle cache costs about one wake-up per second.
//
// Locks: it takes class locks one pull at a time (`pullTail`) and try-locks shards, like a worker.

extension CacheEngine {
    /// The maintainer thread's loop. Runs until `stopMaintenance()`.
    func runMaintainer(tickClock: Bool) {
        let classCount = largeClassID + 1
        var due = [Int](repeating: 0, count: classCount)
        var backoff = [Int](repeating: 0, count: classCount)
        var toSleep = 1000
        var lastSecond = clock.now
        var lastAutomove = clock.now
        // With a test clock to advance, wake often enough that `now` follows the OS clock closely.
        let longestSleep = tickClock ? 50_000 : 1_000_000
        while true {
            if toSleep > 0 {
                guard maintainerSleeper.sleep(microseconds: toSleep) else { return }
            }
            if tickClock { clock.tick() }
            let elapsed = max(toSleep, 1000)
            toSleep = longestSleep
            if configuration.lruMaintainer {
                maintainerJuggles.wrappingAdd(1, ordering: .relaxed)
                for id in 1..<classCount {
                    due[id] = max(0, due[id] - elapsed)
                    if due[id] > 0 {
                        toSleep = min(toSleep, due[id])
                        continue
                    }
                    if juggle(classID: id) == 0 {
                        backoff[id] = backoff[id] == 0 ? 1000 : min(backoff[id] + backoff[id] / 8, 1_000_000)
                    } else {
                        backoff[id] /= 2
                        if backoff[id] < 1000 { backoff[id] = 0 }
                    }
                    due[id] = backoff[id]
                    toSleep = min(toSleep, backoff[id])
                }
                if policy.segmented.load(ordering: .relaxed) && drainBumpQueues() > 0 {
                    toSleep = min(toSleep, 1000)
                }
            }
            let now = clock.now
            if now != lastSecond {
                lastSecond = now
                if configuration.lruMaintainer { scheduleAutomaticCrawls(now: now) }
            }
            // memcached's automove check: once a second, except that after a page went to the global
            // pool it runs again at once (1 ms), to free surplus pages faster.
            if now != lastAutomove && configuration.lruMaintainer {
                if automoveTick() {
                    toSleep = min(toSleep, 1000)
                } else {
                    lastAutomove = now
                }
            }
        }
    }

    /// One class's juggle (memcached's lru_maintainer_juggle): reclaims TEMP's dead tail items, then
    /// pulls HOT/WARM/COLD tails until a round moves nothing (at most 500 rounds). Returns the moves.
    func juggle(classID id: Int) -> Int {
        var moves = 0
        let c = classes.state(id)
        if policy.tempLRU.load(ordering: .relaxed) {
            for _ in 0..<500 {
                classes.lock(id)
                let removed = pullTail(id, c, .temp, totalBytes: 0, evict: false, maxAge: 0)
                classes.unlock(id)
                if removed <= 0 { break }
                moves += 1
            }
        }
        let segmented = policy.segmented.load(ordering: .relaxed)
        var hotAge: UInt32 = 0
        var warmAge: UInt32 = 0
        var totalBytes = 0
        if segmented {
            let coldAge = Double(tailAge(classID: id, .cold))
            hotAge = UInt32(truncatingIfNeeded: Int(coldAge * policy.hotMaxFactor))
            warmAge = UInt32(truncatingIfNeeded: Int(coldAge * policy.warmMaxFactor))
            classes.lock(id)
            totalBytes =
                lruList(c, .hot).pointee.bytes + lruList(c, .warm).pointee.bytes + lruList(c, .cold).pointee.bytes
            if scanGuardHolds(sinceColdHit: clock.now &- c.pointee.lastColdHit) { warmAge = .max }
            classes.unlock(id)
        }
        for _ in 0..<500 {
            classes.lock(id)
            var progress = 0
            if pullTail(id, c, .hot, totalBytes: totalBytes, evict: false, maxAge: hotAge) > 0
                || pullTail(id, c, .warm, totalBytes: totalBytes, evict: false, maxAge: warmAge) > 0
            {
                progress += 1
            }
            if segmented {
                progress += pullTail(id, c, .cold, totalBytes: totalBytes, evict: false, maxAge: 0)
            }
            classes.unlock(id)
            if progress == 0 { break }
            moves += 1
        }
        return moves
    }

    /// The scan guard (`-o scan_guard`, swiftcached's): memcached moves a WARM tail item to COLD once it is
    /// older than `warm_max_factor` x COLD's tail age. A burst of new keys that no one reads (a scan, a
    /// bulk load) shrinks COLD's age to the time the burst takes to pass through COLD, so a long enough
    /// burst ages the whole hot set out of WARM and then evicts it, though nothing was read instead. While
    /// COLD earns no hits, giving it WARM's items gains nothing, so the age rule is held off: from one
    /// second after COLD's last hit (a hit moves a COLD item to WARM) until `scan_guard` seconds after it,
    /// after which memcached's rule applies again (so a hot set that has really gone cold still leaves
    /// WARM). WARM's byte cap (`warm_lru_pct`) applies throughout. 0 turns the guard off.
    @inline(__always) func scanGuardHolds(sinceColdHit seconds: UInt32) -> Bool {
        seconds > 1 && seconds < configuration.scanGuardSeconds
    }

    /// Seconds since the tail item of a segment was last accessed (0 when the segment is empty). The
    /// time is read under the item's shard lock, taken in lock order: class lock released, shard lock
    /// taken, class lock retaken and the tail checked again. Class lock not held on entry.
    func tailAge(classID id: Int, _ segment: LRUSegment) -> UInt32 {
        let list = lruList(classes.state(id), segment)
        for _ in 0..<8 {
            classes.lock(id)
            var ref = list.pointee.tail
            while ref != 0 && item(ref).isPlaceholder { ref = item(ref).lruPrev }
            guard ref != 0 else {
                classes.unlock(id)
                return 0
            }
            // Keys of linked items never change, and the class lock keeps this one linked meanwhile.
            let shard = shardIndex(hashKey(item(ref).key))
            classes.unlock(id)
            shards.lock(shard)
            classes.lock(id)
            // Still the tail, and still an item of this shard (the chunk may have been freed and reused).
            var tail = list.pointee.tail
            while tail != 0 && item(tail).isPlaceholder { tail = item(tail).lruPrev }
            let same = tail == ref && shardIndex(hashKey(item(ref).key)) == shard
            let age: UInt32? = same ? clock.now &- item(ref).time : nil
            classes.unlock(id)
            shards.unlock(shard)
            if let age { return age }
        }
        return 0
    }

    /// Moves the COLD hits the workers queued to WARM (memcached's lru_maintainer_bumps). An entry is
    /// applied only if the same item version is still linked. Returns how many entries were drained.
    func drainBumpQueues() -> Int {
        let contexts = workers.withLock { $0.contexts }
        var drained = 0
        for context in contexts {
            drained += context.bumpQueue.drain { entry in
                let shard = shardIndex(entry.hash)
                shards.lock(shard)
                // The same version, still linked and still alive: refreshing the time of a flushed item
                // would make it live again.
                if isLinked(entry.ref, hash: entry.hash, shard: shard), item(entry.ref).cas == entry.cas,
                    !isDead(item(entry.ref), now: clock.now)
                {
                    refreshItem(entry.ref, item(entry.ref))
                }
                shards.unlock(shard)
            }
        }
        return drained
    }
}
