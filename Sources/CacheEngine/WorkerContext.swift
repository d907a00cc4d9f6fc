// WorkerContext: per-worker operation counters, bumped without locks by their one writer and summed
// (CounterTotals) when `stats` is read.
import Synchronization

/// Counters a worker bumps that belong to no slab class.
enum WorkerCounter: Int, CaseIterable {
    case cmdGet, cmdTouch, cmdFlush, cmdMeta
    case getMisses, getExpired, getFlushed
    case deleteMisses, incrMisses, decrMisses, casMisses, touchMisses
    case storeTooLarge, storeNoMemory
    case lruBumpsDropped
}

/// Counters a worker bumps per slab class (memcached's thread slab_stats).
enum ClassCounter: Int, CaseIterable {
    case cmdSet, deleteHits, incrHits, decrHits, casHits, casBadval, touchHits
    /// Get hits by the item's LRU segment at hit time, in `LRUSegment` order; get_hits is their sum.
    case hitsToHot, hitsToWarm, hitsToCold, hitsToTemp
}

/// One per worker thread: that thread's operation counters. Not shared between threads for writing;
/// the engine only reads it (on `stats`). Each counter has a single writer, so it is bumped with a
/// relaxed load + store (a plain add on x86, no lock prefix) and read with a relaxed load.
public final class WorkerContext: @unchecked Sendable {
    static let classSlots = 66
    private static let globalCount = WorkerCounter.allCases.count
    private static let perClassCount = ClassCounter.allCases.count
    private static let totalCount = globalCount + classSlots * perClassCount

    private let counters: UnsafeMutablePointer<Atomic<UInt64>>

    /// Hits on COLD items waiting for the maintainer to move them to WARM.
    let bumpQueue = BumpQueue()

    /// Where this worker's item lookups and stores are reported while they are wanted
    /// (`CacheEngine.itemEvents`). Set before the worker's thread starts, never changed afterwards.
    public var eventSink: (any ItemEventSink)? = nil

    init() {
        counters = CounterBlock.allocate(count: WorkerContext.totalCount)
    }

    deinit {
        CounterBlock.deallocate(counters, count: WorkerContext.totalCount)
    }

    /// Counts one `stats`-visible meta command in cmd_meta (memcached 1.6.18 counts only `me`, which
    /// `metaAccess(kind: .debug)` already does; this is for a caller that answers without a lookup).
    public func countMetaCommand() {
        count(.cmdMeta)
    }

    @inline(__always) func count(_ counter: WorkerCounter) {
        bump(counter.rawValue)
    }

    @inline(__always) func count(_ counter: ClassCounter, classID: Int) {
        let slot = classID < WorkerContext.classSlots ? classID : 0
        bump(WorkerContext.globalCount + slot * WorkerContext.perClassCount + counter.rawValue)
    }

    /// A get hit: hits_to_<segment> of the item's class (get_hits is the sum of the four).
    @inline(__always) func countGetHit(classID: Int, segment: LRUSegment) {
        let slot = classID < WorkerContext.classSlots ? classID : 0
        bump(
            WorkerContext.globalCount + slot * WorkerContext.perClassCount + ClassCounter.hitsToHot.rawValue
                + Int(segment.rawValue))
    }

    @inline(__always) func countTouchHit(classID: Int) {
        count(.cmdTouch)
        count(.touchHits, classID: classID)
    }

    @inline(__always) private func bump(_ index: Int) {
        let counter = counters + index
        counter.pointee.store(counter.pointee.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }

    func read(_ counter: WorkerCounter) -> UInt64 {
        counters[counter.rawValue].load(ordering: .relaxed)
    }

    func read(_ counter: ClassCounter, classID: Int) -> UInt64 {
        counters[WorkerContext.globalCount + classID * WorkerContext.perClassCount + counter.rawValue]
            .load(ordering: .relaxed)
    }
}

/// Aggregated worker counters: a snapshot that can be subtracted (for `stats reset` baselines).
struct CounterTotals {
    var global = [UInt64](repeating: 0, count: WorkerCounter.allCases.count)
    var perClass = [[UInt64]](
        repeating: [UInt64](repeating: 0, count: ClassCounter.allCases.count), count: WorkerContext.classSlots)

    subscript(_ c: WorkerCounter) -> UInt64 { global[c.rawValue] }
    subscript(_ c: ClassCounter, classID classID: Int) -> UInt64 { perClass[classID][c.rawValue] }
    func sum(_ c: ClassCounter) -> UInt64 { perClass.reduce(0) { $0 &+ $1[c.rawValue] } }

    mutating func add(_ context: WorkerContext) {
        for c in WorkerCounter.allCases { global[c.rawValue] &+= context.read(c) }
        for id in 0..<WorkerContext.classSlots {
            for c in ClassCounter.allCases { perClass[id][c.rawValue] &+= context.read(c, classID: id) }
        }
    }

    func subtracting(_ base: CounterTotals) -> CounterTotals {
        var r = self
        for i in r.global.indices { r.global[i] &-= base.global[i] }
        for id in r.perClass.indices {
            for i in r.perClass[id].indices { r.perClass[id][i] &-= base.perClass[id][i] }
        }
        return r
    }
}

/// Blocks of per-thread counters (a worker's operation counters, its latency histograms): zeroed relaxed
/// atomics on whole cache lines of their own, so two threads' blocks allocated one after another never
/// share a line.
public enum CounterBlock {
    /// `count` counters, all 0.
    public static func allocate(count: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        let bytes = (count * MemoryLayout<Atomic<UInt64>>.stride + 63) & ~63
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            .bindMemory(to: Atomic<UInt64>.self, capacity: count)
        for i in 0..<count { (block + i).initialize(to: Atomic(0)) }
        return block
    }

    /// Frees a block `allocate(count:)` returned.
    public static func deallocate(_ block: UnsafeMutablePointer<Atomic<UInt64>>, count: Int) {
        block.deinitialize(count: count)
        UnsafeMutableRawPointer(block).deallocate()
    }
}
