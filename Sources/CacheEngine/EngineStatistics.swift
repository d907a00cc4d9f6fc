// EngineStatistics: building the `stats`, `stats slabs`, `stats items` and `stats sizes` snapshots,
// `stats reset`, and the structural self-check used by the tests (verifyInvariants).

extension CacheEngine {
    /// Worker counters summed over all contexts, minus the last reset's baseline.
    private func workerTotals() -> CounterTotals {
        workers.withLock { registry in
            var totals = CounterTotals()
            for context in registry.contexts { totals.add(context) }
            return totals.subtracting(registry.baseline)
        }
    }

    private func readClass<T>(_ id: Int, _ body: (UnsafeMutablePointer<SlabClass>) -> T) -> T {
        classes.lock(id)
        defer { classes.unlock(id) }
        return body(classes.state(id))
    }

    /// Global counters, with memcached's names in `EngineStats.namedValues`.
    public func statsSnapshot() -> EngineStats {
        let totals = workerTotals()
        var s = EngineStats()
        s.cmdGet = totals[.cmdGet]
        s.cmdSet = totals.sum(.cmdSet)
        s.cmdFlush = totals[.cmdFlush]
        s.cmdTouch = totals[.cmdTouch]
        s.cmdMeta = totals[.cmdMeta]
        s.getHits =
            totals.sum(.hitsToHot) &+ totals.sum(.hitsToWarm) &+ totals.sum(.hitsToCold) &+ totals.sum(.hitsToTemp)
        s.getMisses = totals[.getMisses]
        s.getExpired = totals[.getExpired]
        s.getFlushed = totals[.getFlushed]
        s.deleteMisses = totals[.deleteMisses]
        s.deleteHits = totals.sum(.deleteHits)
        s.incrMisses = totals[.incrMisses]
        s.incrHits = totals.sum(.incrHits)
        s.decrMisses = totals[.decrMisses]
        s.decrHits = totals.sum(.decrHits)
        s.casMisses = totals[.casMisses]
        s.casHits = totals.sum(.casHits)
        s.casBadval = totals.sum(.casBadval)
        s.touchHits = totals.sum(.touchHits)
        s.touchMisses = totals[.touchMisses]
        s.storeTooLarge = totals[.storeTooLarge]
        s.storeNoMemory = totals[.storeNoMemory]
        for id in 1...largeClassID {
            readClass(id) { c in
                s.currItems += UInt64(c.pointee.number)
                s.totalItems += c.pointee.totalItems
                s.bytes += UInt64(c.pointee.bytes)
                s.evictions += c.pointee.evicted
                s.reclaimed += c.pointee.reclaimed
                s.expiredUnfetched += c.pointee.expiredUnfetched
                s.evictedUnfetched += c.pointee.evictedUnfetched
                s.evictedActive += c.pointee.evictedActive
                s.crawlerReclaimed += c.pointee.crawlerReclaimed
                s.crawlerItemsChecked += c.pointee.crawlerItemsChecked
                s.movesToCold += c.pointee.movesToCold
                s.movesToWarm += c.pointee.movesToWarm
                s.movesWithinLRU += c.pointee.movesWithinLRU
                s.directReclaims += c.pointee.directReclaims
            }
        }
        s.lruBumpsDropped = totals[.lruBumpsDropped]
        s.maintainerEnabled = configuration.lruMaintainer
        s.crawlerEnabled = policy.crawlerEnabled.load(ordering: .relaxed)
        let crawlerStatus = crawlerStatus
        s.lruCrawlerRunning = crawlerStatus.running ? 1 : 0
        s.lruCrawlerStarts = crawlerStatus.starts & 0xFFFF_FFFF  // memcached prints it with %u
        s.lruMaintainerJuggles = maintainerJuggles.load(ordering: .relaxed)
        var buckets = 0
        for i in 0..<shards.count {
            shards.lock(i)
            buckets += Int(shards.state(i).pointee.mask) + 1
            shards.unlock(i)
        }
        s.hashPowerLevel = UInt64(Int.bitWidth - 1 - buckets.leadingZeroBitCount)
        s.hashBytes = UInt64(buckets * MemoryLayout<ItemRef>.size)
        pagePool.lock(0)
        let pool = pagePool.state(0).pointee
        pagePool.unlock(0)
        s.limitMaxbytes = UInt64(pool.limit)
        s.totalPages = UInt64(pool.pagesInUse)
        s.totalMalloced = UInt64(pool.pagesInUse * pageSize + pool.largeBytes)
        fillPageMoverStats(&s)
        return s
    }

    /// Per slab class that owns pages, for `stats slabs`.
    public func slabStats() -> [SlabClassStats] {
        let totals = workerTotals()
        var result: [SlabClassStats] = []
        for id in 1...largestSlabClassID {
            var s = SlabClassStats()
            let hasPages = readClass(id) { c -> Bool in
                s.id = id
                s.chunkSize = UInt64(c.pointee.chunkSize)
                s.chunksPerPage = UInt64(c.pointee.perPage)
                s.totalPages = UInt64(c.pointee.totalPages)
                s.totalChunks = UInt64(c.pointee.totalPages * c.pointee.perPage)
                s.usedChunks = UInt64(c.pointee.usedChunks)
                s.freeChunks = UInt64(c.pointee.freeCount)
                s.freeChunksEnd = UInt64(c.pointee.endRemaining)
                s.memRequested = UInt64(c.pointee.memRequested)
                return c.pointee.totalPages > 0
            }
            guard hasPages else { continue }
            s.getHits =
                totals[.hitsToHot, classID: id] &+ totals[.hitsToWarm, classID: id] &+ totals[.hitsToCold, classID: id]
                &+ totals[.hitsToTemp, classID: id]
            s.cmdSet = totals[.cmdSet, classID: id]
            s.deleteHits = totals[.deleteHits, classID: id]
            s.incrHits = totals[.incrHits, classID: id]
            s.decrHits = totals[.decrHits, classID: id]
            s.casHits = totals[.casHits, classID: id]
            s.casBadval = totals[.casBadval, classID: id]
            s.touchHits = totals[.touchHits, classID: id]
            result.append(s)
        }
        return result
    }

    /// Per slab class holding items (the large-item class has id `largestSlabClassID + 1`), for
    /// `stats items`.
    public func itemStats() -> [ItemClassStats] {
        let totals = workerTotals()
        var result: [ItemClassStats] = []
        let temporaryLRU = policy.tempLRU.load(ordering: .relaxed)
        for id in 1...largeClassID {
            var s = ItemClassStats()
            let hasItems = readClass(id) { c -> Bool in
                guard c.pointee.number > 0 || c.pointee.evicted > 0 || c.pointee.outOfMemory > 0 else { return false }
                s.id = id
                s.number = UInt64(c.pointee.number)
                s.numberHot = UInt64(lruList(c, .hot).pointee.number)
                s.numberWarm = UInt64(lruList(c, .warm).pointee.number)
                s.numberCold = UInt64(lruList(c, .cold).pointee.number)
                s.numberTemp = UInt64(lruList(c, .temp).pointee.number)
                s.memRequested = UInt64(c.pointee.memRequested)
                s.evicted = c.pointee.evicted
                s.evictedNonzero = c.pointee.evictedNonzero
                s.evictedTime = UInt64(c.pointee.evictedTime)
                s.outOfMemory = c.pointee.outOfMemory
                s.reclaimed = c.pointee.reclaimed
                s.expiredUnfetched = c.pointee.expiredUnfetched
                s.evictedUnfetched = c.pointee.evictedUnfetched
                s.evictedActive = c.pointee.evictedActive
                s.crawlerReclaimed = c.pointee.crawlerReclaimed
                s.crawlerItemsChecked = c.pointee.crawlerItemsChecked
                s.movesToCold = c.pointee.movesToCold
                s.movesToWarm = c.pointee.movesToWarm
                s.movesWithinLRU = c.pointee.movesWithinLRU
                s.directReclaims = c.pointee.directReclaims
                return true
            }
            guard hasItems else { continue }
            s.ageHot = UInt64(tailAge(classID: id, .hot))
            s.ageWarm = UInt64(tailAge(classID: id, .warm))
            s.age = UInt64(tailAge(classID: id, .cold))
            let slot = id < WorkerContext.classSlots ? id : 0
            s.hitsToHot = totals[.hitsToHot, classID: slot]
            s.hitsToWarm = totals[.hitsToWarm, classID: slot]
            s.hitsToCold = totals[.hitsToCold, classID: slot]
            s.hitsToTemp = totals[.hitsToTemp, classID: slot]
            s.maintainerEnabled = configuration.lruMaintainer
            s.temporaryLRU = temporaryLRU
            result.append(s)
        }
        return result
    }

    /// `stats sizes`: item sizes rounded up to 32 bytes -> number of items (walks the table).
    public func sizesHistogram() -> [(size: Int, count: Int)] {
        var counts: [Int: Int] = [:]
        for shard in 0..<shards.count {
            shards.lock(shard)
            forEachItem(inShard: shard) { _, it in counts[(it.totalSize + 31) & ~31, default: 0] += 1 }
            shards.unlock(shard)
        }
        return counts.sorted { $0.key < $1.key }.map { (size: $0.key, count: $0.value) }
    }

    /// `stats reset`: zeroes the operation counters, total_items and the eviction/reclaim counters;
    /// item counts, bytes and memory are state, not counters, and stay.
    public func resetStats() {
        workers.withLock { registry in
            var totals = CounterTotals()
            for context in registry.contexts { totals.add(context) }
            registry.baseline = totals
        }
        for id in 1...largeClassID {
            readClass(id) { c in
                c.pointee.totalItems = 0
                c.pointee.evicted = 0
                c.pointee.evictedNonzero = 0
                c.pointee.evictedUnfetched = 0
                c.pointee.evictedTime = 0
                c.pointee.reclaimed = 0
                c.pointee.expiredUnfetched = 0
                c.pointee.outOfMemory = 0
                c.pointee.crawlerReclaimed = 0
                c.pointee.crawlerItemsChecked = 0
                c.pointee.evictedActive = 0
                c.pointee.movesToCold = 0
                c.pointee.movesToWarm = 0
                c.pointee.movesWithinLRU = 0
                c.pointee.directReclaims = 0
            }
        }
        maintainerJuggles.store(0, ordering: .relaxed)
        crawler.starts.store(0, ordering: .relaxed)
        resetPageMoverStats()
    }

    /// Checks the structure (tests only; exact only while no operation runs concurrently): every linked
    /// item is in the right shard and on exactly one LRU (its class's), and vice versa; counts, byte totals
    /// and free lists agree; pages handed out stay within the limit. Each shard and class is read under its
    /// own lock, one at a time (holding them all at once would exceed ThreadSanitizer's lock-set limit).
    /// Returns the violations found (empty = sound).
    func verifyInvariants() -> [String] {
        var problems: [String] = []
        var inTable = Set<ItemRef>()
        for shard in 0..<shards.count {
            shards.lock(shard)
            defer { shards.unlock(shard) }
            let s = shards.state(shard)
            var count = 0
            forEachItem(inShard: shard) { ref, it in
                count += 1
                let hash = hashKey(it.key)
                if it.keyLength == 0 { problems.append("free chunk \(ref) in the table") }
                if shardIndex(hash) != shard { problems.append("item \(ref) in the wrong shard") }
                if !inTable.insert(ref).inserted { problems.append("item \(ref) twice in the table") }
            }
            if count != Int(s.pointee.count) { problems.append("shard \(shard) count \(s.pointee.count) != \(count)") }
        }
        var onLRU = Set<ItemRef>()
        var pages = 0
        for id in 1...largeClassID {
            classes.lock(id)
            defer { classes.unlock(id) }
            let c = classes.state(id)
            pages += c.pointee.totalPages
            var number = 0
            var bytes = 0
            for segment in LRUSegment.allCases {
                let list = lruList(c, segment)
                var ref = list.pointee.head
                var previous: ItemRef = 0
                var listNumber = 0
                var listBytes = 0
                while ref != 0 && listNumber <= inTable.count {
                    let it = item(ref)
                    if it.isPlaceholder {  // a metadump walker: not an item
                        if it.lruPrev != previous { problems.append("class \(id): broken prev link at \(ref)") }
                        previous = ref
                        ref = it.lruNext
                        continue
                    }
                    if it.lruPrev != previous { problems.append("class \(id): broken prev link at \(ref)") }
                    if classOf(it) != id { problems.append("item \(ref) of class \(classOf(it)) on LRU \(id)") }
                    if it.segment != segment { problems.append("item \(ref) marked \(it.segment) on \(segment)") }
                    if !inTable.contains(ref) { problems.append("item \(ref) on LRU \(id) but not in the table") }
                    if !onLRU.insert(ref).inserted { problems.append("item \(ref) on an LRU twice") }
                    listNumber += 1
                    listBytes += it.totalSize
                    previous = ref
                    ref = it.lruNext
                }
                if list.pointee.tail != previous { problems.append("class \(id) \(segment): tail mismatch") }
                if list.pointee.number != listNumber || list.pointee.bytes != listBytes {
                    problems.append("class \(id) \(segment): totals differ from the list")
                }
                number += listNumber
                bytes += listBytes
            }
            if number != c.pointee.number { problems.append("class \(id): number \(c.pointee.number) != \(number)") }
            if bytes != c.pointee.bytes { problems.append("class \(id): bytes \(c.pointee.bytes) != \(bytes)") }
            if c.pointee.usedChunks != number {
                problems.append("class \(id): used chunks \(c.pointee.usedChunks) != linked \(number)")
            }
            var free = 0
            var freeRef = c.pointee.freeHead
            while freeRef != 0 && free <= c.pointee.freeCount {
                if inTable.contains(freeRef) { problems.append("free chunk \(freeRef) is linked") }
                free += 1
                freeRef = item(freeRef).hashNext
            }
            if free != c.pointee.freeCount {
                problems.append("class \(id): free list \(free) != \(c.pointee.freeCount)")
            }
        }
        if onLRU != inTable { problems.append("table and LRUs hold different items") }
        pagePool.lock(0)
        let pool = pagePool.state(0).pointee
        pagePool.unlock(0)
        if pages + pool.poolPages != pool.pagesInUse { problems.append("pages \(pages) != pool \(pool.pagesInUse)") }
        if (pool.pagesInUse - pool.lenientPages) * pageSize + pool.largeBytes > pool.limit {
            problems.append("memory over the limit: \(pool.pagesInUse) pages + \(pool.largeBytes) large bytes")
        }
        return problems
    }

    /// Pages handed out and large-item bytes (tests and benchmarks).
    func memoryInUse() -> (pages: Int, lenientPages: Int, largeBytes: Int) {
        pagePool.lock(0)
        defer { pagePool.unlock(0) }
        let pool = pagePool.state(0).pointee
        return (pool.pagesInUse, pool.lenientPages, pool.largeBytes)
    }
}
