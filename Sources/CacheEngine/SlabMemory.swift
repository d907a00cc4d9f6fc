// SlabMemory: the slab allocator (pages from the arena carved into fixed-size chunks per class), the
// large-item path (malloc'd items counted against the memory limit) and the liveness rules (expired,
// flushed). The LRU lists, linking and eviction live in SegmentedLRU.swift.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// State of one slab class: its free chunks, its four LRU segments and its counters. Every field is
/// guarded by the class lock.
struct SlabClass {
    /// HOT, WARM, COLD and TEMP, indexed by `LRUSegment.rawValue`. The first field, so that `lruList`
    /// finds a list at a constant offset.
    var lists = (LRUList(), LRUList(), LRUList(), LRUList())
    var chunkSize = 0
    var perPage = 0
    var totalPages = 0
    /// Freed chunks, linked through their first word.
    var freeHead: ItemRef = 0
    var freeCount = 0
    /// Arena offset of the next never-used chunk of the newest page, and how many remain there.
    var endOffset = 0
    var endRemaining = 0
    /// Items linked (in the table and on one of the lists), and their bytes: sums over the lists.
    var number = 0
    var bytes = 0
    /// Chunks handed out (linked items and items being built).
    var usedChunks = 0
    /// Bytes requested by the chunks handed out; `bytes` counts linked items only.
    var memRequested = 0
    var totalItems: UInt64 = 0
    var evicted: UInt64 = 0
    var evictedNonzero: UInt64 = 0
    var evictedUnfetched: UInt64 = 0
    var evictedActive: UInt64 = 0
    var evictedTime: UInt32 = 0
    var reclaimed: UInt64 = 0
    var expiredUnfetched: UInt64 = 0
    var outOfMemory: UInt64 = 0
    var crawlerReclaimed: UInt64 = 0
    var crawlerItemsChecked: UInt64 = 0
    var movesToCold: UInt64 = 0
    var movesToWarm: UInt64 = 0
    var movesWithinLRU: UInt64 = 0
    /// When an item hit in COLD last moved to WARM (engine seconds): the scan guard's signal.
    var lastColdHit: UInt32 = 0
    var directReclaims: UInt64 = 0
    /// Large class only: never-used slots start here.
    var largeNextSlot = 0
    var largeFreeSlotCount = 0
    /// The class's pages, oldest first (linked through `PageMoverState.pageNext`; see PageMover.swift).
    var firstPage = 0
    var lastPage = 0
    /// The page the mover is emptying (0 = none): none of its chunks is handed out or put back on the
    /// free list.
    var drainingPage = 0
}

/// Pages handed out and large-item bytes, against the limit. Guarded by the page-pool lock (innermost).
struct PagePool {
    var nextFreshPage: Int
    var pagesInUse = 0
    /// Pages granted beyond the limit because their class had none (memcached allows one per class).
    var lenientPages = 0
    var largeBytes = 0
    var limit: Int
    /// The global page pool (memcached's class 0): pages moved there by the mover, zeroed, still counted
    /// in `pagesInUse`; handed out before fresh pages. Linked through `PageMoverState.pageNext`.
    var poolHead = 0
    var poolPages = 0
    /// Pool pages given back to the kernel (not counted in `pagesInUse`); reused before fresh pages.
    var releasedHead = 0
    var releasedPages = 0
}

extension CacheEngine {
    /// Resolves a reference to its item.
    @inline(__always) func item(_ ref: ItemRef) -> Item {
        if ref & CacheEngine.largeItemBit == 0 {
            return Item(arena + (Int(ref) &<< 3))
        }
        return Item(largeSlots[Int(ref & ~CacheEngine.largeItemBit)].unsafelyUnwrapped)
    }

    /// Whether an item lives in the arena (else it is a malloc'd large item).
    @inline(__always) func isInArena(_ item: Item) -> Bool {
        item.raw >= arena && item.raw < arena + arenaBytes
    }

    /// The reference of an item (inverse of `item(_:)`).
    @inline(__always) func reference(of item: Item) -> ItemRef {
        if isInArena(item) { return ItemRef(truncatingIfNeeded: (item.raw - arena) &>> 3) }
        return CacheEngine.largeItemBit | item.raw.load(fromByteOffset: -8, as: UInt32.self)
    }

    /// The slab class of an item: its arena page's owner, or `largeClassID`.
    @inline(__always) func classOf(_ item: Item) -> Int {
        guard isInArena(item) else { return largeClassID }
        return Int(pageOwner[(item.raw - arena) &>> pageShift])
    }

    /// The slab class whose chunks hold `size` bytes, or `largeClassID`.
    @inline(__always) func classID(forSize size: Int) -> Int {
        if size > largestChunkSize { return largeClassID }
        var low = 0
        var high = chunkSizes.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if chunkSizes[mid] >= size { high = mid } else { low = mid + 1 }
        }
        return low + 1
    }

    // MARK: allocation

    /// Allocates and initialises an unlinked item (CAS 0, time 0). The caller holds shard `heldShard`;
    /// eviction may unlink items of that shard except `protect`. Returns 0 when memory is exhausted.
    func allocateItem(
        key: UnsafeRawBufferPointer, valueLength: Int, clientFlags: UInt32, exptime: UInt32,
        heldShard: Int, protect: ItemRef
    ) -> ItemRef {
        let size = Item.totalSize(keyLength: key.count, valueLength: valueLength, clientFlags: clientFlags)
        let id = classID(forSize: size)
        let ref =
            id == largeClassID
            ? allocateLarge(size: size, heldShard: heldShard, protect: protect)
            : allocateChunk(size: size, classID: id, heldShard: heldShard, protect: protect)
        if ref != 0 {
            item(ref).initialize(
                key: key, valueLength: valueLength, clientFlags: clientFlags, exptime: exptime,
                isLarge: id == largeClassID)
        }
        return ref
    }

    private func allocateChunk(size: Int, classID id: Int, heldShard: Int, protect: ItemRef) -> ItemRef {
        classes.lock(id)
        defer { classes.unlock(id) }
        let c = classes.state(id)
        var attempts = 0
        if !policy.segmented.load(ordering: .relaxed) {
            reclaimBeforeAllocating(id, c, heldShard: heldShard, protect: protect)
        }
        while true {
            if c.pointee.freeHead != 0 {
                let ref = c.pointee.freeHead
                c.pointee.freeHead = item(ref).hashNext
                c.pointee.freeCount -= 1
                c.pointee.usedChunks += 1
                c.pointee.memRequested += size
                chunkHandedOut(ref)
                return ref
            }
            if c.pointee.endRemaining > 0 {
                let ref = ItemRef(truncatingIfNeeded: c.pointee.endOffset &>> 3)
                c.pointee.endOffset += c.pointee.chunkSize
                c.pointee.endRemaining -= 1
                c.pointee.usedChunks += 1
                c.pointee.memRequested += size
                chunkHandedOut(ref)
                return ref
            }
            if takePage(classID: id, c) { continue }
            guard makeRoom(classID: id, c, attempt: &attempts, heldShard: heldShard, protect: protect) else {
                return 0
            }
        }
    }

    /// Hands a page to class `id`: one from the global pool if there is one (already counted), else a
    /// released or fresh arena page if the limit allows (a class with no page may always take one, as in
    /// memcached). Class lock held.
    private func takePage(classID id: Int, _ c: UnsafeMutablePointer<SlabClass>) -> Bool {
        pagePool.lock(0)
        let pool = pagePool.state(0)
        var page = takePoolPage(pool)
        if page == 0 {
            let fits = pool.pointee.pagesInUse * pageSize + pool.pointee.largeBytes + pageSize <= pool.pointee.limit
            guard pool.pointee.nextFreshPage < reservedPages || pool.pointee.releasedHead != 0,
                fits || c.pointee.totalPages == 0
            else {
                pagePool.unlock(0)
                return false
            }
            page = takeReleasedPage(pool)
            if page == 0 {
                page = pool.pointee.nextFreshPage
                pool.pointee.nextFreshPage += 1
            }
            pool.pointee.pagesInUse += 1
            if !fits { pool.pointee.lenientPages += 1 }
        }
        pageOwner[page] = UInt8(id)
        pagePool.unlock(0)
        appendPage(page, to: c)
        c.pointee.totalPages += 1
        c.pointee.endOffset = page &<< pageShift
        c.pointee.endRemaining = c.pointee.perPage
        return true
    }

    /// Large items: malloc'd (8-byte prefix: slot, value length; then the item), counted against the
    /// limit; evicts from the
    /// large class's LRU when the limit is reached.
    private func allocateLarge(size: Int, heldShard: Int, protect: ItemRef) -> ItemRef {
        let id = largeClassID
        classes.lock(id)
        defer { classes.unlock(id) }
        let c = classes.state(id)
        var attempts = 0
        if !policy.segmented.load(ordering: .relaxed) {
            reclaimBeforeAllocating(id, c, heldShard: heldShard, protect: protect)
        }
        while true {
            pagePool.lock(0)
            let pool = pagePool.state(0)
            let fits = pool.pointee.pagesInUse * pageSize + pool.pointee.largeBytes + size <= pool.pointee.limit
            if fits { pool.pointee.largeBytes += size }
            pagePool.unlock(0)
            if fits { break }
            guard makeRoom(classID: id, c, attempt: &attempts, heldShard: heldShard, protect: protect) else {
                return 0
            }
        }
        var slot = -1
        if c.pointee.largeFreeSlotCount > 0 {
            c.pointee.largeFreeSlotCount -= 1
            slot = Int(largeFreeSlots[c.pointee.largeFreeSlotCount])
        } else if c.pointee.largeNextSlot < CacheEngine.largeSlotCapacity {
            slot = c.pointee.largeNextSlot
            c.pointee.largeNextSlot += 1
        }
        guard slot >= 0, let block = malloc(size + 8) else {
            if slot >= 0 {
                largeFreeSlots[c.pointee.largeFreeSlotCount] = UInt32(slot)
                c.pointee.largeFreeSlotCount += 1
            }
            releaseLargeBytes(size)
            c.pointee.outOfMemory += 1
            return 0
        }
        block.storeBytes(of: UInt32(slot), as: UInt32.self)
        largeSlots[slot] = block + 8
        c.pointee.usedChunks += 1
        c.pointee.memRequested += size
        return CacheEngine.largeItemBit | UInt32(slot)
    }

    func releaseLargeBytes(_ size: Int) {
        pagePool.lock(0)
        pagePool.state(0).pointee.largeBytes -= size
        pagePool.unlock(0)
    }

    /// Returns an unlinked item's memory to its class. Class lock held.
    func freeChunk(_ ref: ItemRef, _ it: Item, _ c: UnsafeMutablePointer<SlabClass>) {
        let size = it.totalSize
        c.pointee.usedChunks -= 1
        c.pointee.memRequested -= size
        if ref & CacheEngine.largeItemBit != 0 {
            let slot = Int(ref & ~CacheEngine.largeItemBit)
            largeSlots[slot] = nil
            largeFreeSlots[c.pointee.largeFreeSlotCount] = UInt32(slot)
            c.pointee.largeFreeSlotCount += 1
            free(it.raw - 8)
            releaseLargeBytes(size)
            return
        }
        it.keyLength = 0  // marks the chunk free (keys are never empty)
        if isOnDrainingPage(ref, c) { return }
        it.hashNext = c.pointee.freeHead
        c.pointee.freeHead = ref
        c.pointee.freeCount += 1
    }

    // MARK: liveness

    /// What the background and tail reclaim treat as dead: flushed, or expired before this second
    /// (memcached's tail pulls, crawler and mover use `exptime < now`; only a get uses `<=`).
    @inline(__always) func isReclaimable(_ it: Item, now: UInt32) -> Bool {
        let exptime = it.exptime
        return (exptime != 0 && exptime < now) || isFlushed(it, now: now)
    }

    /// Expired (exptime reached) or flushed. Item's shard lock held.
    @inline(__always) func isDead(_ it: Item, now: UInt32) -> Bool {
        isFlushed(it, now: now) || isExpired(it, now: now)
    }

    @inline(__always) func isExpired(_ it: Item, now: UInt32) -> Bool {
        let exptime = it.exptime
        return exptime != 0 && exptime <= now
    }

    /// Stored before an immediate flush (in an earlier second, or in the flush's second with a CAS not
    /// above the CAS counter at the flush) or before a delayed flush's deadline that has passed. Any mix
    /// of old and new watermark values read during a concurrent flush is still a correct answer.
    @inline(__always) func isFlushed(_ it: Item, now: UInt32) -> Bool {
        let time = it.time
        let flushTime = flushImmediateTime.load(ordering: .relaxed)
        if time < flushTime || (time == flushTime && it.cas <= flushCASWatermark.load(ordering: .relaxed)) {
            return true
        }
        if time < flushTimeWatermark.load(ordering: .relaxed) { return true }
        let deadline = flushDeadline.load(ordering: .relaxed)
        return deadline != 0 && deadline <= now && time < deadline
    }
}
