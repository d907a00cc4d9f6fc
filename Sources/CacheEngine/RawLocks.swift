// RawLocks: arrays of pthread mutexes in raw, cache-line-padded memory, each optionally followed by a
// small per-lock state struct in the same cache line (the hash shards keep their bucket array there).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `count` mutexes, one per 64-byte slot, plus `State` stored right after each mutex in its slot.
/// Raw memory keeps the hot path free of ARC and of Swift's dynamic exclusivity checks; the state is
/// only touched by the thread holding the slot's mutex.
struct PaddedLocks<State> {
    let base: UnsafeMutableRawPointer
    let count: Int
    static var stateOffset: Int { (MemoryLayout<pthread_mutex_t>.size + 7) & ~7 }
    static var stride: Int { (stateOffset + MemoryLayout<State>.size + 63) & ~63 }

    init(count: Int, initialState: State) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: count * Self.stride, alignment: 64)
        // Adaptive mutexes spin briefly before sleeping: the critical sections here are a few dozen
        // nanoseconds, so a short spin beats a futex round trip under contention.
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        defer { pthread_mutexattr_destroy(&attributes) }
        for i in 0..<count {
            let slot = base + i * Self.stride
            pthread_mutex_init(slot.assumingMemoryBound(to: pthread_mutex_t.self), &attributes)
            (slot + Self.stateOffset).bindMemory(to: State.self, capacity: 1).initialize(to: initialState)
        }
    }

    func destroy() {
        for i in 0..<count { pthread_mutex_destroy(mutex(i)) }
        base.deallocate()
    }

    @inline(__always) func mutex(_ i: Int) -> UnsafeMutablePointer<pthread_mutex_t> {
        (base + i * Self.stride).assumingMemoryBound(to: pthread_mutex_t.self)
    }
    @inline(__always) func state(_ i: Int) -> UnsafeMutablePointer<State> {
        (base + i * Self.stride + Self.stateOffset).assumingMemoryBound(to: State.self)
    }
    @inline(__always) func lock(_ i: Int) { pthread_mutex_lock(mutex(i)) }
    @inline(__always) func unlock(_ i: Int) { pthread_mutex_unlock(mutex(i)) }
    @inline(__always) func tryLock(_ i: Int) -> Bool { pthread_mutex_trylock(mutex(i)) == 0 }
}
