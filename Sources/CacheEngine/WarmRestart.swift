// WarmRestart: memcached's restartable cache (`-e <file>`). The slab arena is a shared mapping of the
// file (normally on tmpfs, e.g. /dev/shm), so item memory outlives the process. A graceful stop
// (SIGUSR1, once every worker and background thread has stopped) writes `<file>.meta` beside it; the
// next start with the same settings reads and deletes that file, maps the same memory and takes the
// items back.
//
// Item references are arena offsets, so nothing in the arena needs rebasing: an item's hash-chain,
// LRU and free-list links stay valid at any address. The metadata holds what lives outside the arena:
//
//   line                 what                                   restored as
//   settings lines       every setting that shapes the arena    must equal this start's, else cold
//   process_started      the old clock's origin (Unix time)     the new clock continues it, so TTLs
//                                                               ran on while the server was down
//   cas, flush_*         CAS counter, flush watermarks          as saved (CAS keeps increasing)
//   pool / released      page stacks of the global pool         as saved
//   class <id> ...       a slab class's pages (oldest first),   as saved; the lists are walked and
//                        LRU heads/tails/counts, free list,     checked, and the hash table is rebuilt
//                        item and byte counts                   from them
//   checksum             FNV-1a of everything above             must match, else cold
//
// What does not survive: items on the large-item path (malloc'd, outside the arena), queued COLD hits,
// counters other than item counts (as in memcached), running metadumps. The metadata file is deleted as
// soon as it is read, so a crash after that (or a SIGKILL, which writes none) means a cold start next
// time; a cold start clears the file. Anything inconsistent refuses the whole restore: never a
// half-restored cache.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state a graceful stop saved beside the memory file, checked against this start's settings.
public struct WarmRestartImage: Sendable {
    /// The stopped server's clock origin (Unix time): pass it to `EngineClock(continuing:)`.
    public let processStarted: Int
    /// Unix time of the stop.
    public let stopTime: Int
    let cas: UInt64
    let flushImmediateTime: UInt32
    let flushCASWatermark: UInt64
    let flushTimeWatermark: UInt32
    let flushDeadline: UInt32
    let nextFreshPage: Int
    let poolPages: [Int]
    let releasedPages: [Int]
    let classes: [SavedClass]

    /// One slab class's saved state.
    struct SavedClass: Sendable {
        var id = 0
        var pages: [Int] = []
        /// (head, tail, number, bytes) of HOT, WARM, COLD, TEMP.
        var lists: [(head: ItemRef, tail: ItemRef, number: Int, bytes: Int)] = []
        var freeHead: ItemRef = 0
        var freeCount = 0
        var endOffset = 0
        var endRemaining = 0
        var number = 0
        var bytes = 0
        var memRequested = 0
        var totalItems: UInt64 = 0
    }
}

/// What `loadWarmRestartImage` found.
public enum WarmRestartLoad: Sendable {
    /// No metadata file: the last stop was not graceful, or this is the first start.
    case none
    /// Metadata that matches this start's settings.
    case image(WarmRestartImage)
    /// Metadata that cannot be used; the reason, in memcached's words where it has them.
    case refused(String)
}

/// How a restore went (for `stats` and the log).
public struct WarmRestartReport: Sendable {
    public let items: Int
    public let microseconds: Int
}

extension CacheEngine {
    static let warmRestartFormat = "swiftcached-restart 1"

    /// The metadata file of a memory file.
    public static func warmRestartMetadataPath(_ memoryFile: String) -> String { memoryFile + ".meta" }

    /// The settings that decide where items sit in the arena; a restore needs every one unchanged.
    static func warmRestartSettings(_ c: EngineConfiguration) -> [(String, String)] {
        let limitPages = (c.memoryLimit + c.slabPageSize - 1) / c.slabPageSize
        let sizes = chunkSizes(for: c)
        return [
            ("item_layout", "\(Item.headerSize)/\(MemoryLayout<ItemRef>.size)/28"),
            ("maxbytes", String(c.memoryLimit)),
            ("item_size_max", String(c.itemSizeMax)),
            ("slab_page_size", String(c.slabPageSize)),
            ("use_cas", c.casEnabled ? "true" : "false"),
            ("slab_classes", sizes.map(String.init).joined(separator: ",")),
            ("arena_pages", String(min(1 + limitPages + sizes.count, (1 << 34) / c.slabPageSize))),
        ]
    }

    // MARK: mapping

    /// Maps `path` over the arena (MAP_SHARED | MAP_FIXED). Unless `keepContents`, the file is emptied
    /// first, so a cold start reads zeros like anonymous memory.
    static func mapMemoryFile(
        _ path: String, at arena: UnsafeMutableRawPointer, bytes: Int, keepContents: Bool
    ) throws(EngineError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .memoryFileFailed("open \(path): \(errnoText())") }
        defer { close(fd) }
        if !keepContents && ftruncate(fd, 0) != 0 {
            throw .memoryFileFailed("truncate \(path): \(errnoText())")
        }
        guard ftruncate(fd, off_t(bytes)) == 0 else { throw .memoryFileFailed("size \(path): \(errnoText())") }
        let mapped = mmap(arena, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0)
        guard let mapped, mapped != MAP_FAILED, mapped == arena else {
            throw .memoryFileFailed("mmap \(path): \(errnoText())")
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    // MARK: load

    /// Reads the metadata beside `configuration.memoryFile` and deletes it (memcached consumes it the
    /// same way), then checks it against `configuration`.
    public static func loadWarmRestartImage(for configuration: EngineConfiguration) -> WarmRestartLoad {
        guard let memoryFile = configuration.memoryFile else { return .none }
        let path = warmRestartMetadataPath(memoryFile)
        guard let text = readSmallFile(path) else { return .none }
        unlink(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count >= 2, lines[0] == warmRestartFormat else { return .refused("unknown metadata format") }
        guard let checksumLine = lines.popLast(), checksumLine.hasPrefix("checksum "),
            String(fnv1a(lines.joined(separator: "\n") + "\n"), radix: 16) == checksumLine.dropFirst(9)
        else { return .refused("metadata checksum mismatch") }
        var values: [String: String] = [:]
        var classes: [WarmRestartImage.SavedClass] = []
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return .refused("malformed metadata line") }
            if parts[0] == "class" {
                guard let saved = parseClassLine(parts[1]) else { return .refused("malformed class line") }
                classes.append(saved)
            } else {
                values[parts[0]] = parts[1]
            }
        }
        for (name, value) in warmRestartSettings(configuration) {
            guard let old = values[name] else { return .refused("missing setting [\(name)]") }
            if old != value { return .refused("restart incompatible due to setting for [\(name)] [old value: \(old)]") }
        }
        var file = stat()
        guard stat(memoryFile, &file) == 0 else { return .refused("memory file \(memoryFile) is missing") }
        func int(_ name: String) -> Int? { values[name].flatMap { Int($0) } }
        func pages(_ name: String) -> [Int]? {
            guard let text = values[name] else { return nil }
            if text == "-" { return [] }
            let list = text.split(separator: ",").compactMap { Int($0) }
            return list.count == text.split(separator: ",").count ? list : nil
        }
        guard let processStarted = int("process_started"), let stopTime = int("stop_time"),
            let cas = values["cas"].flatMap({ UInt64($0) }),
            let flushImmediate = values["flush_immediate_time"].flatMap({ UInt32($0) }),
            let flushCAS = values["flush_cas"].flatMap({ UInt64($0) }),
            let flushTime = values["flush_time_watermark"].flatMap({ UInt32($0) }),
            let flushDeadline = values["flush_deadline"].flatMap({ UInt32($0) }),
            let nextFresh = int("next_fresh_page"), let pool = pages("pool"), let released = pages("released")
        else { return .refused("missing some metadata lines") }
        return .image(
            WarmRestartImage(
                processStarted: processStarted, stopTime: stopTime, cas: cas, flushImmediateTime: flushImmediate,
                flushCASWatermark: flushCAS, flushTimeWatermark: flushTime, flushDeadline: flushDeadline,
                nextFreshPage: nextFresh, poolPages: pool, releasedPages: released, classes: classes))
    }

    /// `class <id> pages=<p,...> lists=<h:t:n:b,...x4> free=<head>:<count> end=<offset>:<remaining>
    /// items=<number>:<bytes>:<requested>:<total>`
    private static func parseClassLine(_ text: String) -> WarmRestartImage.SavedClass? {
        var saved = WarmRestartImage.SavedClass()
        let fields = text.split(separator: " ").map(String.init)
        guard fields.count == 6, let id = Int(fields[0]) else { return nil }
        saved.id = id
        func values(_ field: String, _ name: String) -> [Substring]? {
            guard field.hasPrefix(name + "=") else { return nil }
            return field.dropFirst(name.count + 1).split(separator: ",", omittingEmptySubsequences: false)
        }
        guard let pageList = values(fields[1], "pages") else { return nil }
        saved.pages = pageList == ["-"] ? [] : pageList.compactMap { Int($0) }
        guard pageList == ["-"] || saved.pages.count == pageList.count else { return nil }
        guard let lists = values(fields[2], "lists"), lists.count == 4 else { return nil }
        for list in lists {
            let n = list.split(separator: ":").compactMap { Int($0) }
            guard n.count == 4, n[0] >= 0, n[1] >= 0, n[0] <= Int(UInt32.max), n[1] <= Int(UInt32.max) else {
                return nil
            }
            saved.lists.append((ItemRef(n[0]), ItemRef(n[1]), n[2], n[3]))
        }
        guard let free = values(fields[3], "free")?.first?.split(separator: ":").compactMap({ Int($0) }),
            free.count == 2, free[0] >= 0, free[0] <= Int(UInt32.max),
            let end = values(fields[4], "end")?.first?.split(separator: ":").compactMap({ Int($0) }), end.count == 2,
            let items = values(fields[5], "items")?.first?.split(separator: ":").compactMap({ Int($0) }),
            items.count == 4
        else { return nil }
        saved.freeHead = ItemRef(free[0])
        saved.freeCount = free[1]
        saved.endOffset = end[0]
        saved.endRemaining = end[1]
        saved.number = items[0]
        saved.bytes = items[1]
        saved.memRequested = items[2]
        saved.totalItems = UInt64(max(0, items[3]))
        return saved
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 1 << 30 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    // MARK: save

    /// Writes the metadata for a warm restart. Call only after every worker, the background threads and
    /// the page mover have stopped (nothing may change the engine meanwhile). Items on the large-item
    /// path are not kept.
    public func saveWarmRestartImage() throws(EngineError) {
        guard let memoryFile = configuration.memoryFile else { return }
        for id in 1...largestSlabClassID where classes.state(id).pointee.drainingPage != 0 {
            throw .warmRestartRefused("a slab page move was still running")
        }
        var lines = [CacheEngine.warmRestartFormat]
        for (name, value) in CacheEngine.warmRestartSettings(configuration) { lines.append("\(name) \(value)") }
        let pool = pagePool.state(0).pointee
        func stack(_ head: Int) -> String {
            var pages: [Int] = []
            var page = head
            while page != 0 {
                pages.append(page)
                page = Int(pageMover.pageNext[page])
            }
            return pages.isEmpty ? "-" : pages.map(String.init).joined(separator: ",")
        }
        lines += [
            "process_started \(clock.processStarted)",
            "stop_time \(Int(time(nil)))",
            "cas \(casCounter.load(ordering: .relaxed))",
            "flush_immediate_time \(flushImmediateTime.load(ordering: .relaxed))",
            "flush_cas \(flushCASWatermark.load(ordering: .relaxed))",
            "flush_time_watermark \(flushTimeWatermark.load(ordering: .relaxed))",
            "flush_deadline \(flushDeadline.load(ordering: .relaxed))",
            "next_fresh_page \(pool.nextFreshPage)",
            "pool \(stack(pool.poolHead))",
            "released \(stack(pool.releasedHead))",
        ]
        for id in 1...largestSlabClassID {
            let c = classes.state(id).pointee
            let lists = LRUSegment.allCases.map { segment -> String in
                let list = lruList(classes.state(id), segment).pointee
                return "\(list.head):\(list.tail):\(list.number):\(list.bytes)"
            }
            lines.append(
                "class \(id) pages=\(stack(c.firstPage)) lists=\(lists.joined(separator: ","))"
                    + " free=\(c.freeHead):\(c.freeCount) end=\(c.endOffset):\(c.endRemaining)"
                    + " items=\(c.number):\(c.bytes):\(c.memRequested):\(c.totalItems)")
        }
        let body = lines.joined(separator: "\n") + "\n"
        let text = body + "checksum " + String(CacheEngine.fnv1a(body), radix: 16) + "\n"
        // The memory first (a no-op on tmpfs), then the metadata, written whole and renamed into place.
        _ = msync(arena, arenaBytes, MS_SYNC)
        let path = CacheEngine.warmRestartMetadataPath(memoryFile)
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .memoryFileFailed("open \(temporary): \(CacheEngine.errnoText())") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .memoryFileFailed("write \(path): \(CacheEngine.errnoText())")
        }
    }

    // MARK: restore

    /// Takes back the saved state (engine init, single-threaded): pages to their classes and the pool,
    /// each class's lists and free list as saved, every linked item into the hash table. Every list is
    /// walked and checked first; any inconsistency throws and leaves nothing restored.
    func restore(_ image: WarmRestartImage) throws(EngineError) {
        let started = EngineClock.monotonicMicroseconds()
        func refuse(_ why: String) -> EngineError { .warmRestartRefused(why) }
        guard image.nextFreshPage >= 1, image.nextFreshPage <= reservedPages else { throw refuse("page count") }
        // Every page below the high-water mark belongs to exactly one class or pool stack.
        var used = [Bool](repeating: false, count: reservedPages)
        func claim(_ page: Int) throws(EngineError) {
            guard page >= 1, page < image.nextFreshPage, !used[page] else { throw refuse("page \(page) listed twice") }
            used[page] = true
        }
        for page in image.poolPages + image.releasedPages { try claim(page) }
        var seenClass = Set<Int>()
        for saved in image.classes {
            guard saved.id >= 1, saved.id <= largestSlabClassID, seenClass.insert(saved.id).inserted else {
                throw refuse("class \(saved.id)")
            }
            for page in saved.pages {
                try claim(page)
                pageOwner[page] = UInt8(saved.id)
            }
        }
        for page in 1..<image.nextFreshPage where !used[page] { throw refuse("page \(page) belongs to nobody") }
        if configuration.hashExpand { reserveTable(forItems: image.classes.reduce(0) { $0 + $1.number }) }
        var restored = 0
        var highestCAS: UInt64 = 0
        for saved in image.classes {
            let id = saved.id
            let c = classes.state(id)
            let chunkSize = c.pointee.chunkSize
            let perPage = c.pointee.perPage
            /// The item at `ref` if it is a chunk boundary of one of this class's pages.
            func chunk(_ ref: ItemRef) -> Item? {
                guard ref != 0, ref & CacheEngine.largeItemBit == 0 else { return nil }
                let offset = Int(ref) &<< 3
                let page = offset >> pageShift
                guard page >= 1, page < reservedPages, pageOwner[page] == UInt8(id) else { return nil }
                let within = offset - (page << pageShift)
                guard within % chunkSize == 0, within / chunkSize < perPage else { return nil }
                return item(ref)
            }
            var number = 0
            var bytes = 0
            for (index, segment) in LRUSegment.allCases.enumerated() {
                let list = saved.lists[index]
                var ref = list.head
                var previous: ItemRef = 0
                var count = 0
                var listBytes = 0
                while ref != 0 {
                    guard count < list.number, let it = chunk(ref), (1...250).contains(Int(it.keyLength)),
                        it.segment == segment, it.lruPrev == previous
                    else { throw refuse("class \(id) LRU list \(index) is inconsistent") }
                    let hash = hashKey(it.key)
                    let shard = shardIndex(hash)
                    guard lookup(it.key, hash: hash, shard: shard) == 0 else { throw refuse("a key is listed twice") }
                    insertIntoTable(ref, it, hash: hash, shard: shard)
                    highestCAS = max(highestCAS, it.cas)
                    count += 1
                    listBytes += it.totalSize
                    previous = ref
                    ref = it.lruNext
                }
                guard count == list.number, listBytes == list.bytes, previous == list.tail else {
                    throw refuse("class \(id) LRU list \(index) counts differ")
                }
                let restoredList = lruList(c, segment)
                restoredList.pointee.head = list.head
                restoredList.pointee.tail = list.tail
                restoredList.pointee.number = count
                restoredList.pointee.bytes = listBytes
                number += count
                bytes += listBytes
            }
            guard number == saved.number, bytes == saved.bytes else { throw refuse("class \(id) item counts differ") }
            var free = saved.freeHead
            var freeCount = 0
            while free != 0 {
                guard freeCount < saved.freeCount, let it = chunk(free), it.keyLength == 0 else {
                    throw refuse("class \(id) free list is inconsistent")
                }
                freeCount += 1
                free = it.hashNext
            }
            guard freeCount == saved.freeCount else { throw refuse("class \(id) free count differs") }
            if saved.endRemaining != 0 {
                guard let last = saved.pages.last, saved.endOffset >> pageShift == last,
                    saved.endRemaining <= perPage
                else { throw refuse("class \(id) page end") }
            }
            for page in saved.pages {
                appendPage(page, to: c)
                c.pointee.totalPages += 1
            }
            c.pointee.freeHead = saved.freeHead
            c.pointee.freeCount = freeCount
            c.pointee.endOffset = saved.endRemaining == 0 ? 0 : saved.endOffset
            c.pointee.endRemaining = saved.endRemaining
            c.pointee.number = number
            c.pointee.bytes = bytes
            c.pointee.usedChunks = number
            c.pointee.memRequested = saved.memRequested
            c.pointee.totalItems = max(saved.totalItems, UInt64(number))
            restored += number
        }
        let pool = pagePool.state(0)
        pool.pointee.nextFreshPage = image.nextFreshPage
        for page in image.poolPages.reversed() {
            pageMover.pageNext[page] = UInt32(pool.pointee.poolHead)
            pool.pointee.poolHead = page
            pool.pointee.poolPages += 1
        }
        for page in image.releasedPages.reversed() {
            pageMover.pageNext[page] = UInt32(pool.pointee.releasedHead)
            pool.pointee.releasedHead = page
            pool.pointee.releasedPages += 1
        }
        pool.pointee.pagesInUse = image.classes.reduce(0) { $0 + $1.pages.count } + image.poolPages.count
        casCounter.store(max(image.cas, highestCAS), ordering: .relaxed)
        flushImmediateTime.store(image.flushImmediateTime, ordering: .relaxed)
        flushCASWatermark.store(image.flushCASWatermark, ordering: .relaxed)
        flushTimeWatermark.store(image.flushTimeWatermark, ordering: .relaxed)
        flushDeadline.store(image.flushDeadline, ordering: .relaxed)
        restoreReport.withLock {
            $0 = WarmRestartReport(items: restored, microseconds: EngineClock.monotonicMicroseconds() - started)
        }
    }

    /// Items brought back by a warm restart and how long it took (nil: this engine started cold).
    public var warmRestartReport: WarmRestartReport? { restoreReport.withLock { $0 } }
}
