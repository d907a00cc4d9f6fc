// BumpQueue: one worker's queue of hits on COLD items (memcached's lru_bump_async buffer). The worker
// only sets the item's ACTIVE bit and queues it; the LRU maintainer later moves it to WARM, so a read
// never takes a class lock.
//
// Single producer (the worker), single consumer (the maintainer): a fixed ring of 8,192 entries with an
// acquire/release pair of indices; no locks, no allocation after creation. A full queue drops the bump
// (the caller clears ACTIVE and counts lru_bumps_dropped), as memcached does.
import Synchronization

/// The hits on COLD items that one worker queued for the maintainer.
final class BumpQueue: @unchecked Sendable {
    /// A queued hit: the item and the version it had, so that the maintainer can tell whether the same
    /// item is still linked (the chunk may have been freed and reused since).
    struct Entry {
        var ref: ItemRef
        var hash: UInt64
        var cas: UInt64
    }

    static let capacity = 8192
    private let entries: UnsafeMutablePointer<Entry>
    /// Next slot the producer writes (written by the producer only).
    private let tail = Atomic<Int>(0)
    /// Next slot the consumer reads (written by the consumer only).
    private let head = Atomic<Int>(0)

    init() {
        entries = .allocate(capacity: BumpQueue.capacity)
    }

    deinit {
        entries.deallocate()
    }

    /// Producer side. false when full.
    @inline(__always) func push(ref: ItemRef, hash: UInt64, cas: UInt64) -> Bool {
        let t = tail.load(ordering: .relaxed)
        if t &- head.load(ordering: .acquiring) >= BumpQueue.capacity { return false }
        (entries + (t & (BumpQueue.capacity - 1))).initialize(to: Entry(ref: ref, hash: hash, cas: cas))
        tail.store(t &+ 1, ordering: .releasing)
        return true
    }

    /// Consumer side: calls `body` for every queued entry, oldest first. Returns how many.
    func drain(_ body: (Entry) -> Void) -> Int {
        let h = head.load(ordering: .relaxed)
        let t = tail.load(ordering: .acquiring)
        var i = h
        while i != t {
            body(entries[i & (BumpQueue.capacity - 1)])
            i &+= 1
        }
        head.store(t, ordering: .releasing)
        return t &- h
    }
}
