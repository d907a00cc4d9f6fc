// ConnectionMemory: one worker's connection buffers. A pool of fixed-size blocks (memcached's per-thread
// read-buffer cache) that connections borrow for their input and their responses only while they hold
// bytes, the accounting behind the `read_buf_*` and `response_obj_*` stats lines, and the per-worker share
// of `-o read_buf_mem_limit`.
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffer memory held by one worker's connections.
///
/// Every connection buffer is either a pool block (`blockSize` bytes, the initial read-buffer size) or a
/// grown allocation that replaced one (a request or response larger than a block). A connection takes a
/// block when it reads or writes, and gives it back as soon as the buffer is empty again, so an idle
/// connection holds nothing, as in memcached. Grown buffers are freed by the worker's 1 s sweep once
/// their connection is quiet.
///
/// `held` counts everything: pool blocks (free or in use) plus grown allocations, read and output alike
/// (memcached's response objects come out of the same cache as its read buffers). With a limit, `held`
/// never passes it: a block or growth that would is refused, and the connection gets memcached's answer
/// (a SERVER_ERROR for a get, or is closed and counted in `read_buf_oom` / `response_obj_oom`).
///
/// Thread rule: mutated only by the owning worker thread. The figures `stats` shows are mirrored into
/// single-writer atomics (a relaxed store, no read-modify-write) that any thread may load.
final class ConnectionMemory: @unchecked Sendable {
    /// Size of a pool block (`ServerConfiguration.initialReadBufferSize`, memcached's READ_BUFFER_SIZE).
    let blockSize: Int
    /// This worker's share of `-o read_buf_mem_limit` in bytes (a whole number of blocks); 0: no limit.
    let limit: Int
    /// Free blocks kept for reuse without a limit (with one, every block stays, as memcached's cache).
    let maxFreeBlocks: Int

    private let freeList: UnsafeMutablePointer<UnsafeMutableRawPointer>
    private let freeListCapacity: Int
    private var freeCount = 0

    /// Bytes of every buffer this worker holds (pool blocks, free or lent, and grown allocations).
    @inline(__always) var held: Int { freeCount &* blockSize &+ readBytes &+ outputBytes }
    private var readCount = 0
    private var readBytes = 0
    private var outputCount = 0
    private var outputBytes = 0

    /// What `stats` reports (see `ServerHooksImpl.serverStats`).
    let stats = ConnectionMemoryStats()

    /// - Parameters:
    ///   - totalLimit: `-o read_buf_mem_limit` in bytes (0: none), split evenly over `threads` as memcached
    ///     does: each worker may hold `totalLimit / threads` rounded down to whole blocks, at least one.
    init(blockSize: Int, totalLimit: Int, threads: Int) {
        self.blockSize = max(blockSize, 64)
        limit = Self.workerLimit(totalLimit: totalLimit, threads: threads, blockSize: self.blockSize)
        maxFreeBlocks = 64
        freeListCapacity = limit > 0 ? limit / self.blockSize : maxFreeBlocks
        freeList = .allocate(capacity: max(freeListCapacity, 1))
    }

    deinit {
        for i in 0..<freeCount { free(freeList[i]) }
        freeList.deallocate()
    }

    /// memcached's split (thread.c, setup_thread): `limit / threads` bytes, as whole 16 KiB buffers, at
    /// least one.
    static func workerLimit(totalLimit: Int, threads: Int, blockSize: Int) -> Int {
        guard totalLimit > 0 else { return 0 }
        let share = totalLimit / max(threads, 1)
        return share < blockSize ? blockSize : share / blockSize * blockSize
    }

    /// Bytes that may still be allocated under the limit (`Int.max` without one).
    @inline(__always) var available: Int { limit == 0 ? Int.max : max(0, limit &- held) }

    // MARK: - blocks

    /// A block for a buffer, from the free list or newly allocated; nil when the limit is reached. The
    /// caller counts it as read or output bytes.
    @inline(__always)
    private func takeBlock() -> UnsafeMutableRawPointer? {
        if freeCount > 0 {
            freeCount &-= 1
            return freeList[freeCount]
        }
        guard limit == 0 || held &+ blockSize <= limit else { return nil }
        return malloc(blockSize)
    }

    /// Takes back a buffer of `capacity` bytes (the caller stops counting it): a block goes to the free
    /// list (while it has room), any other allocation is freed.
    @inline(__always)
    private func giveBack(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        if capacity == blockSize && freeCount < freeListCapacity {
            freeList[freeCount] = pointer
            freeCount &+= 1
        } else {
            free(pointer)
        }
    }

    /// A block for a connection's read buffer; nil when the limit is reached (memcached: `read_buf_oom`).
    @inline(__always)
    func takeReadBlock() -> UnsafeMutableRawPointer? {
        guard let block = takeBlock() else { return nil }
        readCount &+= 1
        readBytes &+= blockSize
        publish()
        return block
    }

    /// A read buffer of `capacity` bytes is no longer used.
    @inline(__always)
    func returnRead(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        giveBack(pointer, capacity: capacity)
        readCount &-= 1
        readBytes &-= capacity
        publish()
    }

    /// A block for a connection's responses, which the connection counts (`outputResized`) once the
    /// session has written into it; nil when the limit is reached.
    @inline(__always)
    func takeOutputBlock() -> UnsafeMutableRawPointer? { takeBlock() }

    /// An output buffer of `capacity` bytes is no longer used.
    @inline(__always)
    func returnOutput(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        giveBack(pointer, capacity: capacity)
        outputCount &-= 1
        outputBytes &-= capacity
        publish()
    }

    /// A read buffer changed size by `delta` bytes (grown by a large request).
    func readResized(by delta: Int) {
        readBytes &+= delta
        publish()
    }

    /// An output buffer went from `before` to `after` bytes while the session wrote into it (it got its
    /// block, `before == 0`, or grew for a large response).
    func outputResized(from before: Int, to after: Int) {
        if before == 0 { outputCount &+= 1 }
        outputBytes &+= after &- before
        publish()
    }

    /// Counts a connection closed because no read buffer could be had (`read_buf_oom`).
    func countReadOutOfMemory() {
        ConnectionMemoryStats.bump(stats.readBufOOM)
    }

    /// Counts a response refused, or a connection closed, for lack of response memory (`response_obj_oom`).
    func countResponseOutOfMemory(_ n: Int = 1) {
        ConnectionMemoryStats.bump(stats.responseObjOOM, by: UInt64(n))
    }

    @inline(__always)
    private func publish() {
        stats.readBufCount.store(readCount &+ outputCount &+ freeCount, ordering: .relaxed)
        stats.readBufBytes.store(held, ordering: .relaxed)
        stats.readBufBytesFree.store(freeCount &* blockSize, ordering: .relaxed)
        stats.responseObjCount.store(outputCount, ordering: .relaxed)
        stats.responseObjBytes.store(outputBytes, ordering: .relaxed)
    }
}

/// The figures of one worker's `ConnectionMemory` that `stats` shows.
///
/// Thread rule: written only by the owning worker (relaxed stores), read by any thread.
final class ConnectionMemoryStats: Sendable {
    private let paddingBefore = CacheLinePadding()
    /// Buffers held: pool blocks (free or lent) and grown read buffers (`read_buf_count`).
    let readBufCount = Atomic<Int>(0)
    /// Bytes of every connection buffer, read and response (`read_buf_bytes`).
    let readBufBytes = Atomic<Int>(0)
    /// Bytes of free pool blocks (`read_buf_bytes_free`).
    let readBufBytesFree = Atomic<Int>(0)
    /// Connections holding a response buffer (`response_obj_count`).
    let responseObjCount = Atomic<Int>(0)
    /// Bytes of those response buffers (`response_obj_bytes`).
    let responseObjBytes = Atomic<Int>(0)
    /// Connections closed because the limit left no read buffer (`read_buf_oom`).
    let readBufOOM = Atomic<UInt64>(0)
    /// Responses refused or connections closed because the limit left no response memory
    /// (`response_obj_oom`).
    let responseObjOOM = Atomic<UInt64>(0)
    private let paddingAfter = CacheLinePadding()

    @inline(__always)
    static func bump(_ counter: borrowing Atomic<UInt64>, by n: UInt64 = 1) {
        counter.store(counter.load(ordering: .relaxed) &+ n, ordering: .relaxed)
    }
}
