// LRUCrawler: the background crawler that frees expired and flushed items before they reach an LRU tail
// (memcached's crawler.c), its automatic schedule, and the item listings built on the same walk
// (`lru_crawler metadump`, `stats cachedump`).
//
// A crawl is one pass over the hash table, shard by shard under each shard's lock, that looks only at
// items of the requested classes (at most `lru_crawler_tocrawl` per class): dead ones are unlinked and
// counted, live ones feed the per-class TTL histogram that schedules the next automatic crawl of that
// class (memcached's rule: crawl again when at least 1% of the items with a TTL should have expired,
// waiting between 0 and 3600 s). memcached walks each LRU from its tail with a placeholder item; the
// hash walk finds the same items and serves every class in one pass. Counters land when the crawl ends,
// as memcached's do when a class is done. The crawler pauses `lru_crawler_sleep` µs every 1,000 items.
//
// A metadump of classes does walk the LRUs as memcached's does, with placeholders: headers with no key
// (keyLength 0) in page 0 of the arena, linked into a list and moved one item towards its head per step
// under the class lock (code that walks a list skips them: `Item.isPlaceholder`). `metadump hash` walks
// the hash table.
//
// Threads: one crawler thread (started with the maintainer) waits on its sleeper for work; the
// maintainer schedules automatic crawls once a second, `lru_crawler crawl` asks for one. `crawler.shared`
// (a mutex) holds the request and the schedule; `running` and `starts` are atomics for `stats`.
import Synchronization

/// A set of slab class ids (0...127), for crawl requests and metadump.
public struct SlabClassSet: Sendable, Equatable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    public init() {}

    public mutating func insert(_ id: Int) {
        if id < 64 { low |= 1 << UInt64(id) } else if id < 128 { high |= 1 << UInt64(id - 64) }
    }

    public func contains(_ id: Int) -> Bool {
        id < 64 ? low & (1 << UInt64(id)) != 0 : (id < 128 && high & (1 << UInt64(id - 64)) != 0)
    }

    public var isEmpty: Bool { low == 0 && high == 0 }
}

/// What one crawl found in a class, and that class's automatic schedule (memcached's crawlerstats_t plus
/// its next_crawls / next_crawl_wait).
struct CrawlClassSchedule {
    var seen: UInt64 = 0
    var noExpiry: UInt64 = 0
    /// Live items by remaining TTL in minutes (0...59); longer TTLs are not binned.
    var histogram = [UInt64](repeating: 0, count: 60)
    var runComplete = false
    var nextCrawl: UInt32 = 0
    var wait: UInt32 = 0
}

/// The crawler's shared state. Guarded by `CrawlerState.shared`.
struct CrawlerShared {
    /// Classes waiting to be crawled (empty = no request), whether the request is automatic, and the
    /// per-class item budget (0 = all).
    var pending = SlabClassSet()
    var pendingIsAutomatic = false
    var pendingBudget = 0
    var runningIsAutomatic = false
    /// A manual request refused as busy keeps automatic crawls off until then, so it gets its turn.
    var automaticBlockedUntil: UInt32 = 0
    var schedule: [CrawlClassSchedule]
}

/// The crawler thread's state.
final class CrawlerState: Sendable {
    let sleeper = ThreadSleeper()
    let shared: PthreadLocked<CrawlerShared>
    /// A crawl was requested and has not finished (`stats` lru_crawler_running).
    let running = Atomic<Bool>(false)
    /// Crawls started (`stats` lru_crawler_starts).
    let starts = Atomic<UInt64>(0)

    init(classCount: Int) {
        shared = PthreadLocked(
            CrawlerShared(schedule: [CrawlClassSchedule](repeating: CrawlClassSchedule(), count: classCount)))
    }
}

/// `lru_crawler crawl` outcomes, memcached's replies.
public enum CrawlStartResult: Sendable, Equatable {
    /// `OK`
    case started
    /// `BUSY currently processing crawler request`
    case busy
    /// `NOTSTARTED no items to crawl`
    case notStarted
    /// `CLIENT_ERROR lru crawler disabled`
    case disabled
}

/// One item of a metadump, valid only inside the callback (the item's shard lock is held).
public struct MetadumpEntry: ~Copyable {
    public var key: UnsafeRawBufferPointer
    /// Relative expiry, 0 = never.
    public var exptime: UInt32
    /// Relative time of the last access that moved it in the LRU (or of its link).
    public var lastAccess: UInt32
    /// 0 with -C.
    public var cas: UInt64
    public var fetched: Bool
    public var classID: Int
    /// Bytes of its chunk (header, key, value, flags).
    public var size: Int
}

/// One LRU a metadump walks: a placeholder linked into the list moves from its tail towards its head,
/// one item per step (memcached's crawler placeholder), so the walk survives items moving and being
/// unlinked between steps.
struct MetadumpWalker: Sendable {
    let classID: Int
    let segment: LRUSegment
    let placeholder: ItemRef
    /// Items it may still pass: the list's length when the dump started (memcached's budget).
    var remaining: Int
}

/// Where a metadump continues. `metadump hash` walks the hash table bucket by bucket; a dump of classes
/// walks their LRUs as memcached's crawler does (HOT of every class, then WARM, COLD and TEMP, one item of
/// each per round), holding a placeholder in each list until it is finished or cancelled
/// (`cancelMetadump`).
public struct MetadumpCursor: Sendable {
    /// `metadump hash`: every class, and no crawler counters.
    let wholeTable: Bool
    var shard = 0
    var buckets = ShardBucketCursor()
    var walkers: [MetadumpWalker] = []
    var checked: [UInt64]
    public internal(set) var finished = false

    init(wholeTable: Bool, classCount: Int) {
        self.wholeTable = wholeTable
        checked = [UInt64](repeating: 0, count: classCount)
    }
}

extension CacheEngine {
    /// memcached's MAX_MAINTCRAWL_WAIT: an automatic crawl of a class waits at most an hour.
    static let longestCrawlWait: UInt32 = 3600

    // MARK: requests

    /// `lru_crawler crawl <classes>`: starts a crawl of those classes (budget `lru_crawler_tocrawl`).
    public func startCrawl(classes: SlabClassSet) -> CrawlStartResult {
        startCrawl(classes: classes, automatic: false, budget: policy.crawlerToCrawl.load(ordering: .relaxed))
    }

    func startCrawl(classes set: SlabClassSet, automatic: Bool, budget: Int) -> CrawlStartResult {
        guard policy.crawlerEnabled.load(ordering: .relaxed), backgroundThreadsRunning else { return .disabled }
        guard !set.isEmpty else { return .notStarted }
        let now = clock.now
        let result = crawler.shared.withLock { shared -> CrawlStartResult in
            if crawler.running.load(ordering: .relaxed) || !shared.pending.isEmpty {
                if !automatic { shared.automaticBlockedUntil = now &+ 60 }
                return .busy
            }
            if automatic && shared.automaticBlockedUntil > now { return .busy }
            shared.pending = set
            shared.pendingIsAutomatic = automatic
            shared.pendingBudget = budget
            crawler.running.store(true, ordering: .relaxed)
            crawler.starts.wrappingAdd(1, ordering: .relaxed)
            return .started
        }
        if result == .started { crawler.sleeper.wake() }
        return result
    }

    /// `lru_crawler enable|disable`. Enabling an enabled crawler fails, as memcached's second crawler
    /// thread does. A crawl in progress is not interrupted.
    public func setCrawler(enabled: Bool) -> Bool {
        let was = policy.crawlerEnabled.exchange(enabled, ordering: .relaxed)
        return !(enabled && was)
    }

    /// `stats`: a crawl is running, and how many were started.
    public var crawlerStatus: (running: Bool, starts: UInt64) {
        (crawler.running.load(ordering: .relaxed), crawler.starts.load(ordering: .relaxed))
    }

    // MARK: the thread

    /// The crawler thread: waits for a request, crawls, repeats until stopped.
    func runCrawler() {
        while true {
            let request = crawler.shared.withLock { shared -> (SlabClassSet, Bool, Int)? in
                guard !shared.pending.isEmpty else { return nil }
                defer { shared.pending = SlabClassSet() }
                shared.runningIsAutomatic = shared.pendingIsAutomatic
                return (shared.pending, shared.pendingIsAutomatic, shared.pendingBudget)
            }
            guard let (set, _, budget) = request else {
                guard crawler.sleeper.sleep(microseconds: 0) else { return }
                continue
            }
            crawl(classes: set, budget: budget, pausing: true)
            crawler.running.store(false, ordering: .relaxed)
        }
    }

    /// Crawls every class now in the calling thread, without pauses (tests, benchmarks). Returns how many
    /// items were freed.
    @discardableResult
    func crawlAll() -> Int {
        var all = SlabClassSet()
        for id in 1...largeClassID { all.insert(id) }
        return crawl(classes: all, budget: 0, pausing: false)
    }

    /// One crawl: a pass over the hash table looking at items of `set` (at most `budget` per class, 0 =
    /// all), freeing dead ones. Returns how many were freed. With `pausing`, sleeps the configured time
    /// every 1,000 items and stops early when the engine stops.
    @discardableResult
    func crawl(classes set: SlabClassSet, budget: Int, pausing: Bool) -> Int {
        let classCount = largeClassID + 1
        var checked = [UInt64](repeating: 0, count: classCount)
        var reclaimed = [UInt64](repeating: 0, count: classCount)
        var unfetched = [UInt64](repeating: 0, count: classCount)
        var found = [CrawlClassSchedule](repeating: CrawlClassSchedule(), count: classCount)
        var sincePause = 0
        var stopped = false
        let started = clock.now
        for shard in 0..<shards.count where !stopped {
            var cursor = ShardBucketCursor()
            var shardDone = false
            while !shardDone {
                var inStep = 0
                shards.lock(shard)
                let now = clock.now
                // The shard lock is released every 64 buckets (about 100 items), so a large shard never
                // keeps its requests waiting for long.
                shardDone = walkBuckets(&cursor, shard: shard, buckets: 64) { ref, it in
                    let id = classOf(it)
                    guard set.contains(id), budget == 0 || checked[id] < UInt64(budget) else { return }
                    checked[id] += 1
                    inStep += 1
                    if isReclaimable(it, now: now) {
                        reclaimed[id] += 1
                        if !it.bits.contains(.fetched) && !isFlushed(it, now: now) { unfetched[id] += 1 }
                        removeFromTable(ref, hash: hashKey(it.key), shard: shard)
                        classes.lock(id)
                        unlinkFromClass(ref, it, classes.state(id))
                        classes.unlock(id)
                        return
                    }
                    found[id].seen += 1
                    let exptime = it.exptime
                    if exptime == 0 {
                        found[id].noExpiry += 1
                    } else if exptime &- now <= 3599 {
                        found[id].histogram[Int((exptime &- now) / 60)] += 1
                    }
                }
                shards.unlock(shard)
                sincePause += inStep
                if pausing && sincePause >= 1000 {
                    sincePause = 0
                    let pause = policy.crawlerSleep.load(ordering: .relaxed)
                    if pause > 0 && !crawler.sleeper.sleep(microseconds: pause) {
                        stopped = true
                        break
                    }
                }
            }
        }
        var total = 0
        for id in 1..<classCount where set.contains(id) {
            total += Int(reclaimed[id])
            classes.lock(id)
            let c = classes.state(id)
            c.pointee.crawlerReclaimed += reclaimed[id]
            c.pointee.expiredUnfetched += unfetched[id]
            c.pointee.crawlerItemsChecked += checked[id]
            classes.unlock(id)
        }
        noteCrawl(classes: set, examined: checked, reclaimed: reclaimed, elapsedSeconds: clock.now &- started)
        if !stopped {
            crawler.shared.withLock { shared in
                for id in 1..<classCount where set.contains(id) {
                    shared.schedule[id].seen = found[id].seen
                    shared.schedule[id].noExpiry = found[id].noExpiry
                    shared.schedule[id].histogram = found[id].histogram
                    shared.schedule[id].runComplete = true
                }
            }
        }
        return total
    }

    /// Once a second from the maintainer (memcached's lru_maintainer_crawler_check): reschedules the
    /// classes whose crawl completed from what it found, and starts an automatic crawl of the classes
    /// that are due.
    func scheduleAutomaticCrawls(now: UInt32) {
        guard policy.crawlerEnabled.load(ordering: .relaxed) else { return }
        var due = SlabClassSet()
        var largest = 0
        let classCount = largeClassID + 1
        crawler.shared.withLock { shared in
            for id in 1..<classCount {
                if shared.schedule[id].runComplete {
                    var s = shared.schedule[id]
                    let threshold = (s.seen &- s.noExpiry) / 100 + 1
                    var available: UInt64 = 0
                    for minute in 0..<60 {
                        available += s.histogram[minute]
                        if available > threshold {
                            if s.wait < UInt32(minute * 60) {
                                s.wait += 60
                            } else if s.wait >= 60 {
                                s.wait -= 60
                            }
                            break
                        }
                    }
                    if available == 0 { s.wait += 60 }
                    s.wait = min(s.wait, CacheEngine.longestCrawlWait)
                    s.nextCrawl = now &+ s.wait &+ 5
                    s.runComplete = false
                    shared.schedule[id] = s
                }
                if now > shared.schedule[id].nextCrawl {
                    due.insert(id)
                    shared.schedule[id].nextCrawl = now &+ 5
                }
            }
        }
        guard !due.isEmpty else { return }
        for id in 1..<classCount where due.contains(id) {
            classes.lock(id)
            largest = max(largest, classes.state(id).pointee.number)
            classes.unlock(id)
        }
        let limit = policy.crawlerToCrawl.load(ordering: .relaxed)
        if limit > 0 && limit < largest { largest = limit }
        _ = startCrawl(classes: due, automatic: true, budget: largest)
    }

    // MARK: listings

    /// Starts a metadump of `classes` (`lru_crawler metadump <classes|all>`, counted as crawler checks)
    /// or, with `wholeTable`, of every item (`metadump hash`). nil when every placeholder is taken by
    /// other dumps (memcached then answers BUSY).
    public func makeMetadumpCursor(classes set: SlabClassSet, wholeTable: Bool) -> MetadumpCursor? {
        var cursor = MetadumpCursor(wholeTable: wholeTable, classCount: largeClassID + 1)
        guard !wholeTable else { return cursor }
        for segment in LRUSegment.allCases {
            for id in 1...largeClassID where set.contains(id) {
                classes.lock(id)
                let list = lruList(classes.state(id), segment)
                let length = list.pointee.number
                if length > 0 {
                    guard let placeholder = placeholderSlots.withLock({ $0.popLast() }) else {
                        classes.unlock(id)
                        cancelMetadump(&cursor)
                        return nil
                    }
                    placeholderLinkAtTail(placeholder, list, segment)
                    cursor.walkers.append(
                        MetadumpWalker(classID: id, segment: segment, placeholder: placeholder, remaining: length))
                }
                classes.unlock(id)
            }
        }
        return cursor
    }

    /// Ends a metadump early (the client went away): unlinks its placeholders.
    public func cancelMetadump(_ cursor: inout MetadumpCursor) {
        for walker in cursor.walkers { finishWalker(walker) }
        cursor.walkers = []
        cursor.finished = true
        countMetadumpChecks(&cursor)
    }

    /// Adds what a dump looked at to `crawler_items_checked` (when it ends, or is cut short).
    private func countMetadumpChecks(_ cursor: inout MetadumpCursor) {
        for id in cursor.checked.indices where cursor.checked[id] > 0 {
            classes.lock(id)
            classes.state(id).pointee.crawlerItemsChecked += cursor.checked[id]
            classes.unlock(id)
            cursor.checked[id] = 0
        }
    }

    /// Continues a metadump: calls `body` for live items (expired and flushed ones are skipped, not
    /// freed) until about `itemBudget` were listed or the walk ends (then `cursor.finished`). `body`
    /// runs under the item's shard lock: copy, don't block.
    public func metadump(
        _ cursor: inout MetadumpCursor, itemBudget: Int, _ body: (borrowing MetadumpEntry) -> Void
    ) {
        guard !cursor.finished else { return }
        if cursor.wholeTable {
            metadumpHashTable(&cursor, itemBudget: itemBudget, body)
            return
        }
        var listed = 0
        var steps = 0
        while listed < itemBudget && steps < itemBudget * 4 && !cursor.walkers.isEmpty {
            var index = 0
            while index < cursor.walkers.count && listed < itemBudget {
                steps += 1
                if let found = stepWalker(&cursor.walkers[index], checked: &cursor.checked, body) {
                    listed += found
                    index += 1
                } else {
                    finishWalker(cursor.walkers[index])
                    cursor.walkers.remove(at: index)
                }
            }
        }
        guard cursor.walkers.isEmpty else { return }
        cursor.finished = true
        countMetadumpChecks(&cursor)
    }

    /// Moves a walker's placeholder past the next item towards the head and lists that item if it is
    /// live. Returns how many items it listed (0 or 1), or nil when the walker reached the head or its
    /// budget.
    private func stepWalker(
        _ walker: inout MetadumpWalker, checked: inout [UInt64], _ body: (borrowing MetadumpEntry) -> Void
    ) -> Int? {
        let id = walker.classID
        let list = lruList(classes.state(id), walker.segment)
        classes.lock(id)
        let placeholder = item(walker.placeholder)
        let ref = placeholder.lruPrev
        guard ref != 0, walker.remaining > 0 else {
            classes.unlock(id)
            return nil
        }
        placeholderSwapWithPrevious(walker.placeholder, placeholder, list)
        walker.remaining -= 1
        let it = item(ref)
        guard !it.isPlaceholder else {  // another dump's placeholder
            classes.unlock(id)
            return 0
        }
        // The item is linked (the class lock keeps it so), so its key is stable. Its other fields are
        // read under its shard lock, taken in lock order if the try fails; then it must still be the item
        // right after the placeholder.
        let hash = hashKey(it.key)
        let shard = shardIndex(hash)
        if !lockShard(shard, holdingClass: id) {
            guard placeholder.lruNext == ref, !it.isPlaceholder, shardIndex(hashKey(it.key)) == shard else {
                classes.unlock(id)
                shards.unlock(shard)
                return 0
            }
        }
        defer {
            shards.unlock(shard)
            classes.unlock(id)
        }
        checked[id] += 1
        guard !isReclaimable(it, now: clock.now) else { return 0 }
        body(
            MetadumpEntry(
                key: it.key, exptime: it.exptime, lastAccess: it.time, cas: reportedCAS(it),
                fetched: it.bits.contains(.fetched), classID: id, size: it.totalSize))
        return 1
    }

    /// Unlinks a walker's placeholder and returns it to the pool.
    private func finishWalker(_ walker: MetadumpWalker) {
        classes.lock(walker.classID)
        listUnlink(item(walker.placeholder), lruList(classes.state(walker.classID), walker.segment))
        classes.unlock(walker.classID)
        placeholderSlots.withLock { $0.append(walker.placeholder) }
    }

    /// `metadump hash`: bucket by bucket through the hash table.
    private func metadumpHashTable(
        _ cursor: inout MetadumpCursor, itemBudget: Int, _ body: (borrowing MetadumpEntry) -> Void
    ) {
        var listed = 0
        while listed < itemBudget && cursor.shard < shards.count {
            let shard = cursor.shard
            shards.lock(shard)
            let now = clock.now
            var shardDone = false
            while listed < itemBudget && !shardDone {
                shardDone = walkBuckets(&cursor.buckets, shard: shard, buckets: 1) { _, it in
                    guard !isReclaimable(it, now: now) else { return }
                    listed += 1
                    body(
                        MetadumpEntry(
                            key: it.key, exptime: it.exptime, lastAccess: it.time, cas: reportedCAS(it),
                            fetched: it.bits.contains(.fetched), classID: classOf(it), size: it.totalSize))
                }
            }
            if shardDone {
                cursor.shard += 1
                cursor.buckets = ShardBucketCursor()
            }
            shards.unlock(shard)
        }
        if cursor.shard >= shards.count { cursor.finished = true }
    }

    /// `stats cachedump <class> <limit>`: COLD items of one class, newest first (memcached lists only
    /// COLD), at most `limit` (0 = all) and at most `maximumLines` whatever the limit. Items with binary
    /// keys are skipped. `body` gets the key, the value length and the relative expiry under the item's
    /// shard lock.
    public func cachedump(
        classID id: Int, limit: Int, maximumLines: Int,
        _ body: (_ key: UnsafeRawBufferPointer, _ valueLength: Int, _ exptime: UInt32) -> Void
    ) {
        guard id >= 1, id <= largeClassID else { return }
        let wanted = limit == 0 ? maximumLines : min(limit, maximumLines)
        // The list is read under the class lock, the items under their shard locks: first note which
        // items (keys of linked items never change), then visit each one still linked.
        var candidates: [(ref: ItemRef, hash: UInt64)] = []
        classes.lock(id)
        var ref = lruList(classes.state(id), .cold).pointee.head
        while ref != 0 && candidates.count < wanted * 2 {
            let it = item(ref)
            if !it.isPlaceholder { candidates.append((ref, hashKey(it.key))) }
            ref = it.lruNext
        }
        classes.unlock(id)
        var listed = 0
        for (ref, hash) in candidates where listed < wanted {
            let shard = shardIndex(hash)
            shards.lock(shard)
            if isLinked(ref, hash: hash, shard: shard) {
                let it = item(ref)
                if !it.keyIsBinary {
                    listed += 1
                    body(it.key, it.valueLength, it.exptime)
                }
            }
            shards.unlock(shard)
        }
    }
}
