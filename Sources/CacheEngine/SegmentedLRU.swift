// SegmentedLRU: memcached 1.6's segmented LRU per slab class: the HOT, WARM, COLD and TEMP lists, where
// items are placed when linked, what a hit does, the tail pull that moves items between segments,
// reclaims dead ones and evicts, and the allocation loop that makes room for a new item.
//
//   segment  entered by                                  leaves by
//   HOT      every new item (segmented mode)             its tail: ACTIVE -> WARM, else over the byte
//                                                        limit or older than hot_max_factor x COLD's
//                                                        tail age -> COLD
//   WARM     active items from HOT and COLD              its tail: ACTIVE -> WARM head again, else over
//                                                        the limit / age -> COLD (the age rule is held
//                                                        off while COLD gets no hits: scan guard)
//   COLD     items from HOT/WARM; every new item in      its tail: evicted when memory is needed; an
//            flat mode                                   ACTIVE tail -> WARM (maintainer); a hit in COLD
//                                                        queues an asynchronous move to WARM
//   TEMP     new items whose TTL is at most              expiry only, never evicted
//            temporary_ttl (when temp_lru is on)
//
// A hit takes no class lock: the first one marks the item FETCHED, the next one ACTIVE (and refreshes
// its time outside COLD). The background maintainer (LRUMaintainer.swift) does the moving; workers only
// pull tails inline when they need memory.
//
// Locking: the class lock guards the lists and their counters. Moving an item between segments also
// needs the item's shard lock (the segment bits share the item's time word), which the tail pull only
// try-locks, as memcached try-locks its item locks. Callers hold the class lock unless stated otherwise.

/// The four LRU segments of a slab class (memcached's HOT_LRU, WARM_LRU, COLD_LRU, TEMP_LRU).
enum LRUSegment: UInt8, CaseIterable {
    case hot = 0
    case warm = 1
    case cold = 2
    case temp = 3
}

/// One segment's doubly linked list (through the items' lruPrev/lruNext) and its totals. Guarded by the
/// class lock.
struct LRUList {
    var head: ItemRef = 0
    var tail: ItemRef = 0
    var number = 0
    var bytes = 0
}

extension CacheEngine {
    // MARK: lists

    /// The list of one segment of a class. Class lock held.
    @inline(__always)
    func lruList(_ c: UnsafeMutablePointer<SlabClass>, _ segment: LRUSegment) -> UnsafeMutablePointer<LRUList> {
        (UnsafeMutableRawPointer(c) + Int(segment.rawValue) &* MemoryLayout<LRUList>.stride)
            .assumingMemoryBound(to: LRUList.self)
    }

    /// Links an item at the head of `segment`. Class lock and the item's shard lock held.
    @inline(__always)
    func lruInsertAtHead(
        _ ref: ItemRef, _ it: Item, _ c: UnsafeMutablePointer<SlabClass>, _ segment: LRUSegment
    ) {
        let list = lruList(c, segment)
        let head = list.pointee.head
        it.segment = segment
        it.lruPrev = 0
        it.lruNext = head
        if head != 0 { item(head).lruPrev = ref } else { list.pointee.tail = ref }
        list.pointee.head = ref
        list.pointee.number &+= 1
        list.pointee.bytes &+= it.totalSize
    }

    /// Unlinks an item from its segment's list. Class lock held.
    @inline(__always) func lruRemove(_ it: Item, _ c: UnsafeMutablePointer<SlabClass>) {
        let list = lruList(c, it.segment)
        listUnlink(it, list)
        list.pointee.number &-= 1
        list.pointee.bytes &-= it.totalSize
    }

    /// Takes an item or placeholder out of a list's links (the totals are the caller's). Class lock held.
    @inline(__always) func listUnlink(_ node: Item, _ list: UnsafeMutablePointer<LRUList>) {
        let prev = node.lruPrev
        let next = node.lruNext
        if prev != 0 { item(prev).lruNext = next } else { list.pointee.head = next }
        if next != 0 { item(next).lruPrev = prev } else { list.pointee.tail = prev }
        node.lruPrev = 0
        node.lruNext = 0
    }

    /// Moves a linked item to the head of `segment`. Class and shard lock held.
    @inline(__always)
    func lruMove(_ ref: ItemRef, _ it: Item, _ c: UnsafeMutablePointer<SlabClass>, to segment: LRUSegment) {
        lruRemove(it, c)
        lruInsertAtHead(ref, it, c, segment)
    }

    // MARK: placeholders (metadump walkers, LRUCrawler.swift)

    /// Links a placeholder at the tail of a list (not counted in its totals). Class lock held.
    func placeholderLinkAtTail(_ ref: ItemRef, _ list: UnsafeMutablePointer<LRUList>, _ segment: LRUSegment) {
        let placeholder = item(ref)
        placeholder.segment = segment
        let tail = list.pointee.tail
        placeholder.lruNext = 0
        placeholder.lruPrev = tail
        if tail != 0 { item(tail).lruNext = ref } else { list.pointee.head = ref }
        list.pointee.tail = ref
    }

    /// Moves a placeholder one place towards the head: `a <-> x <-> p <-> b` becomes
    /// `a <-> p <-> x <-> b`. Class lock held; `placeholder.lruPrev` is not 0.
    func placeholderSwapWithPrevious(_ ref: ItemRef, _ placeholder: Item, _ list: UnsafeMutablePointer<LRUList>) {
        let xRef = placeholder.lruPrev
        let x = item(xRef)
        let a = x.lruPrev
        let b = placeholder.lruNext
        placeholder.lruPrev = a
        if a != 0 { item(a).lruNext = ref } else { list.pointee.head = ref }
        placeholder.lruNext = xRef
        x.lruPrev = ref
        x.lruNext = b
        if b != 0 { item(b).lruPrev = xRef } else { list.pointee.tail = xRef }
    }

    /// The segment a newly linked item enters (memcached's do_item_alloc): TEMP when temp_lru is on and
    /// its TTL is at most temporary_ttl (u32 arithmetic, so "never" and past expiries never match), else
    /// HOT, or COLD in flat mode.
    @inline(__always) func initialSegment(exptime: UInt32, now: UInt32) -> LRUSegment {
        if policy.tempLRU.load(ordering: .relaxed)
            && exptime &- now <= policy.temporaryTTL.load(ordering: .relaxed)
        {
            return .temp
        }
        return policy.segmented.load(ordering: .relaxed) ? .hot : .cold
    }

    /// Takes `shard`'s lock while holding class `id`'s lock, keeping the lock order (shard -> class): a
    /// try first; if that fails, the class lock is released, the shard lock taken and the class lock taken
    /// again. Returns false in that case: the caller must re-check what it read under the class lock.
    @inline(__always) func lockShard(_ shard: Int, holdingClass id: Int) -> Bool {
        if shards.tryLock(shard) { return true }
        classes.unlock(id)
        shards.lock(shard)
        classes.lock(id)
        return false
    }

    // MARK: linking

    /// Links a filled item (its CAS already set) into the table and at the head of its initial segment.
    /// Shard lock held.
    func link(_ ref: ItemRef, _ it: Item, hash: UInt64, shard: Int) {
        let now = clock.now
        it.time = now
        insertIntoTable(ref, it, hash: hash, shard: shard)
        let segment = initialSegment(exptime: it.exptime, now: now)
        let id = classOf(it)
        classes.lock(id)
        linkIntoClass(ref, it, classes.state(id), segment)
        classes.unlock(id)
    }

    /// LRU part of linking a new item: at the head of `segment`, counted. Class lock held (and the item's
    /// shard lock).
    @inline(__always)
    func linkIntoClass(_ ref: ItemRef, _ it: Item, _ c: UnsafeMutablePointer<SlabClass>, _ segment: LRUSegment) {
        chunkLinked(ref)
        lruInsertAtHead(ref, it, c, segment)
        c.pointee.number += 1
        c.pointee.totalItems += 1
        c.pointee.bytes += it.totalSize
    }

    /// Unlinks an item from the table and its LRU and frees it. Shard lock held.
    func unlinkAndFree(_ ref: ItemRef, _ it: Item, hash: UInt64, shard: Int) {
        removeFromTable(ref, hash: hash, shard: shard)
        let id = classOf(it)
        classes.lock(id)
        let c = classes.state(id)
        unlinkFromClass(ref, it, c)
        classes.unlock(id)
    }

    /// LRU part of unlinking plus freeing. Class lock held (and the item's shard lock).
    @inline(__always) func unlinkFromClass(_ ref: ItemRef, _ it: Item, _ c: UnsafeMutablePointer<SlabClass>) {
        lruRemove(it, c)
        c.pointee.number -= 1
        c.pointee.bytes -= it.totalSize
        freeChunk(ref, it, c)
    }

    /// Replaces `old` by the filled item `new` (same key), which enters its initial segment like any new
    /// item. Shard lock held. One class-lock section when both are in the same class (the common
    /// overwrite).
    func replace(_ oldRef: ItemRef, _ old: Item, with newRef: ItemRef, _ new: Item, hash: UInt64, shard: Int) {
        let id = classOf(old)
        guard id == classOf(new) else {
            unlinkAndFree(oldRef, old, hash: hash, shard: shard)
            link(newRef, new, hash: hash, shard: shard)
            return
        }
        removeFromTable(oldRef, hash: hash, shard: shard)
        let now = clock.now
        new.time = now
        insertIntoTable(newRef, new, hash: hash, shard: shard)
        let segment = initialSegment(exptime: new.exptime, now: now)
        classes.lock(id)
        let c = classes.state(id)
        unlinkFromClass(oldRef, old, c)
        linkIntoClass(newRef, new, c, segment)
        classes.unlock(id)
    }

    // MARK: hits

    /// What a hit does to the item's LRU state (memcached's do_item_bump). Shard lock held; no class lock
    /// is taken except in flat mode, at most once per 60 s per item.
    ///
    /// Segmented: an ACTIVE item is left alone; the first hit only sets FETCHED; a later hit sets ACTIVE
    /// and refreshes the time (outside COLD), or, in COLD, queues the item for the maintainer to move to
    /// WARM. Flat: sets FETCHED and relinks at the head if the last bump is more than 60 s old.
    @inline(__always)
    func recordHit(_ ref: ItemRef, _ it: Item, hash: UInt64, context: WorkerContext) {
        if !policy.segmented.load(ordering: .relaxed) {
            if !it.bits.contains(.fetched) { it.bits.insert(.fetched) }
            let now = clock.now
            if now &- it.time >= CacheEngine.lruBumpInterval {
                it.time = now
                relinkAtHead(ref, it)
            }
            return
        }
        if it.isActive { return }
        if !it.bits.contains(.fetched) {
            it.bits.insert(.fetched)
            return
        }
        it.isActive = true
        if it.segment != .cold {
            it.time = clock.now
        } else if !context.bumpQueue.push(ref: ref, hash: hash, cas: it.cas) {
            it.isActive = false
            context.count(.lruBumpsDropped)
        }
    }

    /// memcached's do_item_update, for updates that are not reads (a failed `add`, an in-place incr/decr,
    /// and the queued COLD hits): segmented, an active COLD item moves to WARM; otherwise only its time is
    /// refreshed (at most once per 60 s in flat mode, with a relink). Shard lock held.
    func refreshItem(_ ref: ItemRef, _ it: Item) {
        let now = clock.now
        guard policy.segmented.load(ordering: .relaxed) else {
            if now &- it.time >= CacheEngine.lruBumpInterval {
                it.time = now
                relinkAtHead(ref, it)
            }
            return
        }
        it.time = now
        guard it.isActive, it.segment == .cold else { return }
        let id = classOf(it)
        classes.lock(id)
        let c = classes.state(id)
        if it.segment == .cold {
            it.isActive = false
            lruMove(ref, it, c, to: .warm)
            c.pointee.movesToWarm += 1
            c.pointee.lastColdHit = now
        }
        classes.unlock(id)
    }

    /// Moves a linked item to the head of its own segment. Shard lock held.
    private func relinkAtHead(_ ref: ItemRef, _ it: Item) {
        let id = classOf(it)
        classes.lock(id)
        let c = classes.state(id)
        if lruList(c, it.segment).pointee.head != ref { lruMove(ref, it, c, to: it.segment) }
        classes.unlock(id)
    }

    // MARK: tail pulls

    /// memcached's lru_pull_tail: looks at up to five items from the tail of one segment of class `id`
    /// and returns how many it moved, reclaimed or evicted. Dead items are reclaimed and the walk goes on;
    /// HOT/WARM tails go to WARM (active) or COLD (over `totalBytes` x the segment's share, or older than
    /// `maxAge`); COLD's tail is evicted when `evict` is set (and evictions are enabled), or moved to WARM
    /// when active; TEMP only expires. The caller holds the class lock and, if `heldShard >= 0`, that
    /// shard's lock (its items other than `protect` may be taken); other shards are only try-locked.
    func pullTail(
        _ id: Int, _ c: UnsafeMutablePointer<SlabClass>, _ segment: LRUSegment, totalBytes: Int, evict: Bool,
        maxAge: UInt32, heldShard: Int = -1, protect: ItemRef = 0
    ) -> Int {
        let list = lruList(c, segment)
        let now = clock.now
        var removed = 0
        var ref = list.pointee.tail
        var tries = 5
        while ref != 0 && tries > 0 {
            let it = item(ref)
            let previous = it.lruPrev
            if it.isPlaceholder {  // a metadump walker: passed without using a try
                ref = previous
                continue
            }
            tries -= 1
            if ref == protect {
                ref = previous
                continue
            }
            let hash = hashKey(it.key)
            let shard = shardIndex(hash)
            guard shard == heldShard || shards.tryLock(shard) else {
                ref = previous
                continue
            }
            defer { if shard != heldShard { shards.unlock(shard) } }
            if isReclaimable(it, now: now) {
                c.pointee.reclaimed += 1
                if !it.bits.contains(.fetched) { c.pointee.expiredUnfetched += 1 }
                removeFromTable(ref, hash: hash, shard: shard)
                unlinkFromClass(ref, it, c)
                removed += 1
                ref = previous
                continue
            }
            switch segment {
            case .hot, .warm:
                if it.isActive {
                    it.isActive = false
                    removed += 1
                    if segment == .warm {
                        lruMove(ref, it, c, to: .warm)
                        c.pointee.movesWithinLRU += 1
                        ref = previous
                        continue
                    }
                    lruMove(ref, it, c, to: .warm)
                    c.pointee.movesToWarm += 1
                    return removed
                }
                var limit = segment == .hot ? totalBytes * policy.hotPercent.load(ordering: .relaxed) / 100 : 0
                if limit == 0 { limit = totalBytes * policy.warmPercent.load(ordering: .relaxed) / 100 }
                if list.pointee.bytes > limit || now &- it.time > maxAge {
                    lruMove(ref, it, c, to: .cold)
                    c.pointee.movesToCold += 1
                    removed += 1
                }
                return removed
            case .cold:
                if evict {
                    guard configuration.evictionsEnabled else { return removed }
                    c.pointee.evicted += 1
                    c.pointee.evictedTime = now &- it.time
                    if it.exptime != 0 { c.pointee.evictedNonzero += 1 }
                    if !it.bits.contains(.fetched) { c.pointee.evictedUnfetched += 1 }
                    if it.isActive { c.pointee.evictedActive += 1 }
                    noteEviction(it, classID: id, now: now)
                    removeFromTable(ref, hash: hash, shard: shard)
                    unlinkFromClass(ref, it, c)
                    slabAutomoveEvicted(classID: id)
                    return removed + 1
                }
                if it.isActive && policy.segmented.load(ordering: .relaxed) {
                    it.isActive = false
                    lruMove(ref, it, c, to: .warm)
                    c.pointee.movesToWarm += 1
                    c.pointee.lastColdHit = now
                    removed += 1
                }
                return removed
            case .temp:
                return removed
            }
        }
        return removed
    }

    /// memcached's do_item_alloc_pull, after a failed chunk or page allocation: frees room in class `id`
    /// for the next attempt. COLD's tail is evicted; if that freed nothing, segmented mode pushes HOT's
    /// tail to COLD for the next try, flat mode gives up. false after ten attempts or when giving up (out
    /// of memory, counted). Class lock held.
    func makeRoom(
        classID id: Int, _ c: UnsafeMutablePointer<SlabClass>, attempt: inout Int, heldShard: Int,
        protect: ItemRef
    ) -> Bool {
        let segmented = policy.segmented.load(ordering: .relaxed)
        if attempt < 10 {
            if pullTail(id, c, .cold, totalBytes: 0, evict: true, maxAge: 0, heldShard: heldShard, protect: protect)
                > 0
            {
                attempt += 1
            } else if segmented {
                _ = pullTail(
                    id, c, .hot, totalBytes: 0, evict: false, maxAge: 0, heldShard: heldShard, protect: protect)
                attempt += 1
            } else {
                attempt = 10
            }
            if attempt < 10 || segmented {
                c.pointee.directReclaims += 1
                if !segmented { reclaimBeforeAllocating(id, c, heldShard: heldShard, protect: protect) }
                return true
            }
        }
        c.pointee.outOfMemory += 1
        return false
    }

    /// Flat mode reclaims dead items at COLD's tail before every allocation, as memcached does (the
    /// segmented mode leaves that to the maintainer). Class lock held.
    @inline(__always)
    func reclaimBeforeAllocating(_ id: Int, _ c: UnsafeMutablePointer<SlabClass>, heldShard: Int, protect: ItemRef) {
        _ = pullTail(id, c, .cold, totalBytes: 0, evict: false, maxAge: 0, heldShard: heldShard, protect: protect)
    }
}
