// PageMover: memcached's slab page mover (slabs.c `slab_rebalance_*`). `slabs reassign <src> <dst>` asks
// a background thread of its own to take the source class's oldest page, empty it (rescuing live items
// into free chunks of the same class, or dropping them when there are none) and hand it to the
// destination class, or to the global page pool (class 0). Pool pages are handed out before fresh arena
// pages and are released to the kernel (madvise MADV_DONTNEED) while the memory limit is below what is
// allocated (memcached's memory_release).
//
// State and the lock guarding it:
//
//   where                          field                 guarded by
//   PageMoverState.pageNext[p]     next page in p's list the lock of p's list: p's class lock, or the
//                                                        page-pool lock for pool and released pages
//   PageMoverState.pageInFlight(p) chunks of p handed    p's class lock
//                                  out, not yet linked
//                                  (a cache line each)
//   SlabClass.firstPage/lastPage   the class's pages,    class lock
//                                  oldest first
//   SlabClass.drainingPage         page being emptied    class lock
//   PagePool.poolHead/poolPages    global page pool      page-pool lock
//   PagePool.releasedHead/...      pages given back to   page-pool lock
//                                  the kernel
//   MoverControl (request,         the mover's queue     the control mutex (PageMoverState.control);
//   running, stop, thread)                               innermost: no other lock is taken under it
//   counters, automove settings    stats                 atomics
//
// Lock order: shard -> class -> page pool -> control. The mover follows the engine's rule that an item is
// touched only under its shard lock: it reads a linked chunk's key under the class lock (keys of linked
// items never change), releases the class lock, locks the shard, re-takes the class lock and re-checks
// the chunk (a chunk of a draining page that was freed meanwhile stays free: it can't be handed out again).
//
// States of a page: owned by a class (on its page list; its chunks linked, in flight, on the class's free
// list, or in the never-used tail of the class's end page), draining (still on its class's list, marked
// in SlabClass.drainingPage: no chunk of it is handed out, freed chunks are only marked free), in the
// pool (zeroed, counted against the limit), released (given back to the kernel, not counted).
// Invariant the drain relies on: every chunk of a page is either linked (keyLength != 0), in flight
// (counted in pageInFlight) or free with keyLength 0 (fresh and moved pages are zeroed).
//
// Deliberate difference from memcached: a rescued item keeps its CAS, time, bits and LRU position
// (memcached gives it a new CAS and moves it to the LRU head).
import Glibc
import Synchronization

/// What `slabs reassign` answered (memcached 1.6.18's do_slabs_reassign results).
public enum SlabReassignResult: Sendable, Equatable {
    /// The move was queued; the mover thread does it in the background.
    case ok
    /// A move is queued or running (`BUSY currently processing reassign request`).
    case busy
    /// Source and destination are the same (`SAME src and dst class are identical`).
    case same
    /// A class id out of 0 ... largest slab class (`BADCLASS invalid src or dst class id`).
    case badClass
    /// The source has fewer than two pages (`NOSPARE source class has no spare pages`).
    case noSpare
    /// The engine was configured without slab reassignment (`CLIENT_ERROR slab reassignment disabled`).
    case disabled
}

/// The mover's queue and thread. Guarded by the control mutex (`PageMoverState.control`).
struct MoverControl {
    /// A queued move; source -1 = any class with a spare page (automove=2).
    var pendingSource = 0
    var pendingDestination = 0
    var pending = false
    /// A move is being done by the mover thread.
    var running = false
    var stop = false
    var thread: pthread_t? = nil
}

/// Page mover state owned by the engine (see the table at the top of this file).
final class PageMoverState: @unchecked Sendable {
    let pageNext: UnsafeMutablePointer<UInt32>
    /// Per page, on a cache line of its own: every set updates its page's count under that page's class
    /// lock, so packed counts would make sets in different classes contend for one line.
    private let inFlightLines: UnsafeMutableRawPointer
    static let cacheLine = 64
    let pageCount: Int
    /// Mutex + MoverControl; the condition variable below is always broadcast (the mover and the
    /// waiters for idle share it).
    let control = PaddedLocks<MoverControl>(count: 1, initialState: MoverControl())
    let condition: UnsafeMutablePointer<pthread_cond_t>
    /// Mirrors "thread started" so the eviction hook can skip the control mutex when nobody listens.
    let threadRunning = Atomic<Bool>(false)
    /// memcached's slabs_reassign_pick_any cursor.
    let pickCursor = Atomic<Int>(0)

    // Counters (memcached's names); reset by `stats reset`.
    let rescues = Atomic<UInt64>(0)
    let evictionsNomem = Atomic<UInt64>(0)
    let inlineReclaim = Atomic<UInt64>(0)
    let busyItems = Atomic<UInt64>(0)
    let slabsMoved = Atomic<UInt64>(0)

    // Automove settings (`slabs automove`), read by the mover and the eviction hook.
    let automoveMode: Atomic<Int>
    let automoveRatioBits: Atomic<UInt64>
    /// Automove=1's sliding window (SlabAutomove.swift); only automoveTick takes it.
    let automove: PthreadLocked<AutomoveWindow>

    init(pages: Int, configuration: EngineConfiguration, classCount: Int) {
        pageCount = pages
        pageNext = .allocate(capacity: pages)
        pageNext.initialize(repeating: 0, count: pages)
        inFlightLines = .allocate(byteCount: pages * Self.cacheLine, alignment: Self.cacheLine)
        inFlightLines.initializeMemory(as: UInt8.self, repeating: 0, count: pages * Self.cacheLine)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        automoveMode = Atomic(configuration.slabAutomove)
        automoveRatioBits = Atomic(configuration.slabAutomoveRatio.bitPattern)
        automove = PthreadLocked(
            AutomoveWindow(
                classCount: classCount, windowSize: max(1, configuration.slabAutomoveWindow),
                ratio: configuration.slabAutomoveRatio))
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        control.destroy()
        pageNext.deallocate()
        inFlightLines.deallocate()
    }

    /// Chunks of `page` handed out and not yet linked. Guarded by the page's class lock.
    @inline(__always) func pageInFlight(_ page: Int) -> UnsafeMutablePointer<UInt32> {
        (inFlightLines + page &* Self.cacheLine).assumingMemoryBound(to: UInt32.self)
    }
}

/// What the mover thread needs; passed through pthread_create's argument.
private final class MoverArguments {
    unowned(unsafe) let engine: CacheEngine
    init(engine: CacheEngine) { self.engine = engine }
}

extension CacheEngine {
    // MARK: hooks called by SlabMemory (class lock held)

    /// The arena page holding a slab chunk.
    @inline(__always) func pageIndex(of ref: ItemRef) -> Int {
        (Int(ref) &<< 3) &>> pageShift
    }

    /// allocateChunk handed out `ref`: it is in flight until linked. Class lock held.
    @inline(__always) func chunkHandedOut(_ ref: ItemRef) {
        pageMover.pageInFlight(pageIndex(of: ref)).pointee &+= 1
    }

    /// An in-flight item was linked (or given up). Class lock of its class held.
    @inline(__always) func chunkLinked(_ ref: ItemRef) {
        guard ref & CacheEngine.largeItemBit == 0 else { return }
        pageMover.pageInFlight(pageIndex(of: ref)).pointee &-= 1
    }

    /// freeChunk: a chunk of the page being drained is only marked free, never put back on the free list.
    @inline(__always) func isOnDrainingPage(_ ref: ItemRef, _ c: UnsafeMutablePointer<SlabClass>) -> Bool {
        let draining = c.pointee.drainingPage
        return draining != 0 && pageIndex(of: ref) == draining
    }

    /// Appends a page to a class's page list (newest last). Class lock held.
    func appendPage(_ page: Int, to c: UnsafeMutablePointer<SlabClass>) {
        pageMover.pageNext[page] = 0
        if c.pointee.lastPage != 0 {
            pageMover.pageNext[c.pointee.lastPage] = UInt32(page)
        } else {
            c.pointee.firstPage = page
        }
        c.pointee.lastPage = page
    }

    /// A page from the global pool (already counted against the limit), or 0. Page-pool lock held.
    func takePoolPage(_ pool: UnsafeMutablePointer<PagePool>) -> Int {
        popPage(&pool.pointee.poolHead, count: &pool.pointee.poolPages)
    }

    /// A page given back to the kernel earlier (not counted against the limit), or 0. Page-pool lock held.
    func takeReleasedPage(_ pool: UnsafeMutablePointer<PagePool>) -> Int {
        popPage(&pool.pointee.releasedHead, count: &pool.pointee.releasedPages)
    }

    /// Pops a page off one of the pool's page stacks (linked through `pageNext`), or 0.
    private func popPage(_ head: inout Int, count: inout Int) -> Int {
        let page = head
        guard page != 0 else { return 0 }
        head = Int(pageMover.pageNext[page])
        count -= 1
        return page
    }

    /// memcached's memory_release: while more is allocated than the limit allows, pool pages go back to
    /// the kernel (they read as zeros when reused). Page-pool lock held.
    func releasePoolPages(_ pool: UnsafeMutablePointer<PagePool>) {
        guard configuration.slabReassign else { return }
        while pool.pointee.pagesInUse * pageSize + pool.pointee.largeBytes > pool.pointee.limit {
            let page = takePoolPage(pool)
            guard page != 0 else { return }
            _ = madvise(arena + (page &<< pageShift), pageSize, MADV_DONTNEED)
            pool.pointee.pagesInUse -= 1
            pageMover.pageNext[page] = UInt32(pool.pointee.releasedHead)
            pool.pointee.releasedHead = page
            pool.pointee.releasedPages += 1
        }
    }

    // MARK: slabs reassign

    /// `slabs reassign <source> <destination>`: queues a move of the source class's oldest page to the
    /// destination class (0 = the global page pool; source 0 takes a pool page; source -1 picks a class
    /// with a spare page round-robin, as memcached does). Checks in memcached 1.6.18's order: disabled,
    /// busy, same, badClass, noSpare. The move itself runs on the mover thread (started on demand);
    /// `waitForPageMoverIdle()` waits for it. The large-item class is not a slab class.
    public func reassignSlabPage(source: Int, destination: Int) -> SlabReassignResult {
        guard configuration.slabReassign else { return .disabled }
        if moverIsBusy() { return .busy }
        if source == destination { return .same }
        let src = source == -1 ? pickSourceClass(destination: destination) : source
        guard (0...largestSlabClassID).contains(src), (0...largestSlabClassID).contains(destination) else {
            return .badClass
        }
        guard pageCount(ofClass: src) >= 2 else { return .noSpare }
        return queueMove(source: src, destination: destination) ? .ok : .busy
    }

    /// Pages owned by a slab class, or pool pages for class 0.
    func pageCount(ofClass id: Int) -> Int {
        if id == 0 {
            pagePool.lock(0)
            defer { pagePool.unlock(0) }
            return pagePool.state(0).pointee.poolPages
        }
        classes.lock(id)
        defer { classes.unlock(id) }
        return classes.state(id).pointee.totalPages
    }

    /// memcached's slabs_reassign_pick_any: the next class after the cursor, other than `destination`,
    /// with more than one page; -1 if none.
    private func pickSourceClass(destination: Int) -> Int {
        var cursor = pageMover.pickCursor.load(ordering: .relaxed)
        defer { pageMover.pickCursor.store(cursor, ordering: .relaxed) }
        for _ in 0..<largestSlabClassID {
            cursor += 1
            if cursor > largestSlabClassID || cursor < 1 { cursor = 1 }
            if cursor == destination { continue }
            if pageCount(ofClass: cursor) > 1 { return cursor }
        }
        return -1
    }

    private func moverIsBusy() -> Bool {
        pageMover.control.lock(0)
        defer { pageMover.control.unlock(0) }
        let control = pageMover.control.state(0)
        return control.pointee.pending || control.pointee.running
    }

    /// Queues a move unless one is queued or running, starting the thread if needed. false = busy (or
    /// the thread could not be started).
    private func queueMove(source: Int, destination: Int) -> Bool {
        pageMover.control.lock(0)
        defer { pageMover.control.unlock(0) }
        let control = pageMover.control.state(0)
        guard !control.pointee.pending && !control.pointee.running else { return false }
        if control.pointee.thread == nil {
            guard startMoverThread(control) else { return false }
        }
        control.pointee.pendingSource = source
        control.pointee.pendingDestination = destination
        control.pointee.pending = true
        pthread_cond_broadcast(pageMover.condition)
        return true
    }

    /// automove=2 (called at an eviction, class lock held): asks for a page from any class with a spare
    /// one for class `id`. Never blocks: skipped when the mover is busy or not running.
    func requestPageOnEviction(classID id: Int) {
        guard pageMover.threadRunning.load(ordering: .relaxed), pageMover.control.tryLock(0) else { return }
        let control = pageMover.control.state(0)
        if control.pointee.thread != nil && !control.pointee.pending && !control.pointee.running {
            control.pointee.pendingSource = -1
            control.pointee.pendingDestination = id
            control.pointee.pending = true
            pthread_cond_broadcast(pageMover.condition)
        }
        pageMover.control.unlock(0)
    }

    // MARK: thread

    /// Starts the mover thread (otherwise it starts on the first `slabs reassign` or automove request).
    /// Stopped and joined by `stopPageMover()` and by the engine's deinit.
    public func startPageMover() {
        pageMover.control.lock(0)
        defer { pageMover.control.unlock(0) }
        let control = pageMover.control.state(0)
        if control.pointee.thread == nil { _ = startMoverThread(control) }
    }

    /// Control mutex held.
    private func startMoverThread(_ control: UnsafeMutablePointer<MoverControl>) -> Bool {
        control.pointee.stop = false
        let arguments = Unmanaged.passRetained(MoverArguments(engine: self))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let arguments = Unmanaged<MoverArguments>.fromOpaque(raw!).takeRetainedValue()
                arguments.engine.runPageMover()
                return nil
            }, arguments.toOpaque())
        guard result == 0 else {
            arguments.release()
            return false
        }
        nameThread(thread, "mc-slabmaint")
        control.pointee.thread = thread
        pageMover.threadRunning.store(true, ordering: .relaxed)
        return true
    }

    /// Stops and joins the mover thread (a move in progress is finished first; a queued one is dropped).
    public func stopPageMover() {
        pageMover.control.lock(0)
        let control = pageMover.control.state(0)
        guard let thread = control.pointee.thread else {
            pageMover.control.unlock(0)
            return
        }
        control.pointee.stop = true
        pthread_cond_broadcast(pageMover.condition)
        pageMover.control.unlock(0)
        pthread_join(thread, nil)
        pageMover.control.lock(0)
        control.pointee.thread = nil
        control.pointee.pending = false
        pageMover.threadRunning.store(false, ordering: .relaxed)
        pthread_cond_broadcast(pageMover.condition)
        pageMover.control.unlock(0)
    }

    /// Blocks until no move is queued or running (tests, tools).
    public func waitForPageMoverIdle() {
        pageMover.control.lock(0)
        let control = pageMover.control.state(0)
        while control.pointee.pending || control.pointee.running {
            pthread_cond_wait(pageMover.condition, pageMover.control.mutex(0))
        }
        pageMover.control.unlock(0)
    }

    /// The mover thread: does queued moves; sleeps on the condition variable otherwise.
    private func runPageMover() {
        let control = pageMover.control.state(0)
        pageMover.control.lock(0)
        while !control.pointee.stop {
            if control.pointee.pending {
                let source = control.pointee.pendingSource
                let destination = control.pointee.pendingDestination
                control.pointee.pending = false
                control.pointee.running = true
                pageMover.control.unlock(0)
                movePage(source: source, destination: destination)
                pageMover.control.lock(0)
                control.pointee.running = false
                pthread_cond_broadcast(pageMover.condition)
                continue
            }
            pthread_cond_wait(pageMover.condition, pageMover.control.mutex(0))
        }
        pageMover.control.unlock(0)
    }

    // MARK: the move (mover thread)

    /// Moves one page: re-validates (automove=2 asks for "any" source), drains the source's oldest page
    /// and hands it to the destination or the pool.
    private func movePage(source: Int, destination: Int) {
        var source = source
        if source == -1 {
            source = pickSourceClass(destination: destination)
            guard source != -1 else { return }
        }
        guard source != destination, (0...largestSlabClassID).contains(destination),
            pageCount(ofClass: source) >= 2
        else { return }
        let page = source == 0 ? takePageFromPool() : drainOldestPage(ofClass: source)
        guard page != 0 else { return }
        // The page belongs to nobody now: zero it (the drain and a later takePage rely on free chunks
        // reading keyLength 0).
        (arena + (page &<< pageShift)).initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
        if destination == 0 {
            pagePool.lock(0)
            let pool = pagePool.state(0)
            pageOwner[page] = 0
            pageMover.pageNext[page] = UInt32(pool.pointee.poolHead)
            pool.pointee.poolHead = page
            pool.pointee.poolPages += 1
            releasePoolPages(pool)
            pagePool.unlock(0)
        } else {
            classes.lock(destination)
            let c = classes.state(destination)
            pageOwner[page] = UInt8(destination)
            appendPage(page, to: c)
            c.pointee.totalPages += 1
            // memcached's split_slab_page_into_freelist, first chunk on top.
            let base = page &<< pageShift
            var index = c.pointee.perPage
            while index > 0 {
                index -= 1
                let ref = ItemRef(truncatingIfNeeded: (base + index * c.pointee.chunkSize) &>> 3)
                item(ref).hashNext = c.pointee.freeHead
                c.pointee.freeHead = ref
            }
            c.pointee.freeCount += c.pointee.perPage
            classes.unlock(destination)
        }
        pageMover.slabsMoved.wrappingAdd(1, ordering: .relaxed)
    }

    /// Source 0: the pool's newest page (0 if the pool has fewer than two pages now). It stays counted.
    private func takePageFromPool() -> Int {
        pagePool.lock(0)
        defer { pagePool.unlock(0) }
        let pool = pagePool.state(0)
        guard pool.pointee.poolPages >= 2 else { return 0 }
        return takePoolPage(pool)
    }

    /// Empties class `id`'s oldest page and takes it off the class; returns it (0 if the class has no
    /// spare page).
    private func drainOldestPage(ofClass id: Int) -> Int {
        let c = classes.state(id)
        classes.lock(id)
        let page = c.pointee.firstPage
        guard c.pointee.totalPages >= 2, page != 0 else {
            classes.unlock(id)
            return 0
        }
        c.pointee.drainingPage = page
        // Withdraw the page's free chunks from the free list (they are what memcached's mover finds as
        // free in the victim page: counted as slab_reassign_inline_reclaim) and its never-used tail.
        var withdrawn = 0
        var link: ItemRef = 0
        var ref = c.pointee.freeHead
        while ref != 0 {
            let next = item(ref).hashNext
            if pageIndex(of: ref) == page {
                if link == 0 { c.pointee.freeHead = next } else { item(link).hashNext = next }
                withdrawn += 1
            } else {
                link = ref
            }
            ref = next
        }
        c.pointee.freeCount -= withdrawn
        if c.pointee.endRemaining > 0 && c.pointee.endOffset &>> pageShift == page {
            c.pointee.endRemaining = 0
        }
        classes.unlock(id)
        pageMover.inlineReclaim.wrappingAdd(UInt64(withdrawn), ordering: .relaxed)

        waitForInFlightChunks(page: page, classID: id)
        drainLinkedChunks(page: page, classID: id)

        classes.lock(id)
        c.pointee.firstPage = Int(pageMover.pageNext[page])
        if c.pointee.lastPage == page { c.pointee.lastPage = 0 }
        c.pointee.totalPages -= 1
        c.pointee.drainingPage = 0
        classes.unlock(id)
        return page
    }

    /// Chunks of the page handed out before the drain started are being filled under some worker's shard
    /// lock: their bytes must not be read until they are linked. No new ones appear (the page is
    /// draining), so wait, backing off from 1 µs to 1 ms as memcached's mover does.
    private func waitForInFlightChunks(page: Int, classID id: Int) {
        var backoff = 1
        while true {
            classes.lock(id)
            let inFlight = pageMover.pageInFlight(page).pointee
            classes.unlock(id)
            if inFlight == 0 { return }
            pageMover.busyItems.wrappingAdd(UInt64(inFlight), ordering: .relaxed)
            var pause = timespec(tv_sec: 0, tv_nsec: backoff * 1000)
            nanosleep(&pause, nil)
            backoff = min(backoff * 2, 1000)
        }
    }

    /// Rescues or drops every linked item of the draining page. No chunk of it is in flight.
    private func drainLinkedChunks(page: Int, classID id: Int) {
        let c = classes.state(id)
        let base = page &<< pageShift
        classes.lock(id)
        let chunkSize = c.pointee.chunkSize
        let perPage = c.pointee.perPage
        var sinceUnlock = 0
        for index in 0..<perPage {
            // Give workers the class lock every few chunks: a page can hold thousands of items.
            sinceUnlock += 1
            if sinceUnlock >= 16 {
                sinceUnlock = 0
                classes.unlock(id)
                classes.lock(id)
            }
            let ref = ItemRef(truncatingIfNeeded: (base + index * chunkSize) &>> 3)
            let it = item(ref)
            if it.keyLength == 0 { continue }  // free
            // Linked: its key is stable while it is linked. Lock order is shard -> class.
            let hash = hashKey(it.key)
            let shard = shardIndex(hash)
            _ = lockShard(shard, holdingClass: id)
            // Freed meanwhile? Then it stays free (a draining page's chunks are never handed out).
            if it.keyLength != 0 { rescueOrDrop(ref, it, hash: hash, shard: shard, c) }
            shards.unlock(shard)
        }
        classes.unlock(id)
    }

    /// Moves a linked item of the draining page into a free chunk of its class elsewhere (same hash chain
    /// and LRU position, CAS, time and bits kept), or unlinks it: dead items silently, live ones counted
    /// as slab_reassign_evictions_nomem when there is no free chunk. Shard and class locks held.
    private func rescueOrDrop(
        _ ref: ItemRef, _ it: Item, hash: UInt64, shard: Int, _ c: UnsafeMutablePointer<SlabClass>
    ) {
        if isReclaimable(it, now: clock.now) {
            removeFromTable(ref, hash: hash, shard: shard)
            unlinkFromClass(ref, it, c)
            return
        }
        let newRef = takeSpareChunk(c)
        guard newRef != 0 else {
            removeFromTable(ref, hash: hash, shard: shard)
            unlinkFromClass(ref, it, c)
            pageMover.evictionsNomem.wrappingAdd(1, ordering: .relaxed)
            return
        }
        let new = item(newRef)
        new.raw.copyMemory(from: it.raw, byteCount: it.totalSize)
        replaceInTable(ref, with: newRef, hash: hash, shard: shard)
        let previous = new.lruPrev
        let next = new.lruNext
        let list = lruList(c, new.segment)
        if previous != 0 { item(previous).lruNext = newRef } else { list.pointee.head = newRef }
        if next != 0 { item(next).lruPrev = newRef } else { list.pointee.tail = newRef }
        // The old chunk is free now (usedChunks and memRequested carry over to the new one).
        it.keyLength = 0
        pageMover.rescues.wrappingAdd(1, ordering: .relaxed)
    }

    /// memcached's slab_rebalance_alloc without a new page: a free chunk of the class (never one of the
    /// draining page: they were withdrawn), or 0. Class lock held.
    private func takeSpareChunk(_ c: UnsafeMutablePointer<SlabClass>) -> ItemRef {
        if c.pointee.freeHead != 0 {
            let ref = c.pointee.freeHead
            c.pointee.freeHead = item(ref).hashNext
            c.pointee.freeCount -= 1
            return ref
        }
        if c.pointee.endRemaining > 0 {
            let ref = ItemRef(truncatingIfNeeded: c.pointee.endOffset &>> 3)
            c.pointee.endOffset += c.pointee.chunkSize
            c.pointee.endRemaining -= 1
            return ref
        }
        return 0
    }

    /// Puts `newRef` (a copy of `oldRef`, same hashNext) in `oldRef`'s place in its bucket chain.
    /// Shard lock held; `oldRef` must be in the table.
    private func replaceInTable(_ oldRef: ItemRef, with newRef: ItemRef, hash: UInt64, shard: Int) {
        let s = shards.state(shard)
        var link = s.pointee.buckets + (Int(truncatingIfNeeded: hash) & Int(s.pointee.mask))
        while link.pointee != 0 {
            if link.pointee == oldRef {
                link.pointee = newRef
                return
            }
            link = item(link.pointee).raw.assumingMemoryBound(to: ItemRef.self)  // hashNext is word 0
        }
    }

    // MARK: stats

    /// Fills the mover's `stats` lines.
    func fillPageMoverStats(_ s: inout EngineStats) {
        s.slabReassignRescues = pageMover.rescues.load(ordering: .relaxed)
        s.slabReassignEvictionsNomem = pageMover.evictionsNomem.load(ordering: .relaxed)
        s.slabReassignInlineReclaim = pageMover.inlineReclaim.load(ordering: .relaxed)
        s.slabReassignBusyItems = pageMover.busyItems.load(ordering: .relaxed)
        s.slabsMoved = pageMover.slabsMoved.load(ordering: .relaxed)
        pageMover.control.lock(0)
        s.slabReassignRunning = pageMover.control.state(0).pointee.running ? 1 : 0
        pageMover.control.unlock(0)
        pagePool.lock(0)
        s.slabGlobalPagePool = UInt64(pagePool.state(0).pointee.poolPages)
        pagePool.unlock(0)
    }

    /// `stats reset`: the mover's counters (not running / pool).
    func resetPageMoverStats() {
        pageMover.rescues.store(0, ordering: .relaxed)
        pageMover.evictionsNomem.store(0, ordering: .relaxed)
        pageMover.inlineReclaim.store(0, ordering: .relaxed)
        pageMover.busyItems.store(0, ordering: .relaxed)
        pageMover.slabsMoved.store(0, ordering: .relaxed)
    }

    /// Test check (no operation running): every class's chunks add up to its pages (used + free list +
    /// never-used tail), each class's page list holds exactly its pages, pool pages are unowned, and no
    /// page is draining or has chunks in flight. Returns the violations found.
    func verifyPageAccounting() -> [String] {
        var problems: [String] = []
        var listed = 0
        for id in 1...largestSlabClassID {
            classes.lock(id)
            let c = classes.state(id).pointee
            var pages = 0
            var page = c.firstPage
            while page != 0 && pages <= reservedPages {
                if Int(pageOwner[page]) != id {
                    problems.append("page \(page) on class \(id)'s list is \(pageOwner[page])'s")
                }
                if pageMover.pageInFlight(page).pointee != 0 { problems.append("page \(page) has chunks in flight") }
                pages += 1
                page = Int(pageMover.pageNext[page])
            }
            classes.unlock(id)
            listed += pages
            if pages != c.totalPages { problems.append("class \(id): \(pages) pages listed, \(c.totalPages) counted") }
            if c.drainingPage != 0 { problems.append("class \(id): page \(c.drainingPage) still draining") }
            let chunks = c.usedChunks + c.freeCount + c.endRemaining
            if chunks != c.totalPages * c.perPage {
                problems.append("class \(id): \(chunks) chunks accounted, \(c.totalPages * c.perPage) in its pages")
            }
        }
        pagePool.lock(0)
        let pool = pagePool.state(0).pointee
        var poolPages = 0
        var page = pool.poolHead
        while page != 0 && poolPages <= reservedPages {
            if pageOwner[page] != 0 { problems.append("pool page \(page) owned by \(pageOwner[page])") }
            poolPages += 1
            page = Int(pageMover.pageNext[page])
        }
        pagePool.unlock(0)
        if poolPages != pool.poolPages { problems.append("pool: \(poolPages) listed, \(pool.poolPages) counted") }
        if listed + poolPages != pool.pagesInUse {
            problems.append("pages: \(listed) in classes + \(poolPages) pooled != \(pool.pagesInUse) in use")
        }
        return problems
    }
}
