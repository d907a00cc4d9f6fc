// ReadBuffer: a connection's input bytes. Starts small, is filled by one big read(2) per readable event,
// grows only when a single request does not fit, and compacts bytes the session has consumed.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A malloc'd byte window `[start, end)` of unconsumed input inside `capacity` bytes.
///
/// Thread rule: owned by one connection, touched only by its worker thread. `deallocate()` must be called
/// exactly once (the connection does it when it closes).
struct ReadBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var start = 0
    private(set) var end = 0
    let initialCapacity: Int
    let maxCapacity: Int

    /// Free bytes we keep in front of a read before compacting.
    static let minimumReadSpace = 4096

    init(initialCapacity: Int, maxCapacity: Int) {
        self.initialCapacity = initialCapacity
        self.maxCapacity = max(maxCapacity, initialCapacity)
        capacity = initialCapacity
        guard let p = malloc(initialCapacity) else { fatalError("ReadBuffer: out of memory") }
        base = p
    }

    func deallocate() { free(base) }

    /// Unconsumed bytes.
    @inline(__always) var readable: Int { end &- start }
    @inline(__always) var isFull: Bool { start == 0 && end == capacity }
    @inline(__always) var unconsumed: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: end &- start)
    }
    @inline(__always) var writableSpace: Int { capacity &- end }
    @inline(__always) var writePointer: UnsafeMutableRawPointer { base + end }

    @inline(__always) mutating func commitRead(_ n: Int) { end &+= n }

    /// Marks `n` bytes as consumed; rewinds when everything is consumed (no copying).
    @inline(__always)
    mutating func consume(_ n: Int) {
        start &+= n
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Before a read: moves a partial request to the front when the tail is nearly full.
    mutating func prepareForRead() {
        if start > 0 && capacity &- end < Self.minimumReadSpace {
            memmove(base, base + start, end &- start)
            end &-= start
            start = 0
        }
    }

    /// Doubles the buffer (up to `maxCapacity`) because one request does not fit. Returns false at the cap.
    mutating func grow() -> Bool {
        if start > 0 {
            memmove(base, base + start, end &- start)
            end &-= start
            start = 0
            return true
        }
        guard capacity < maxCapacity else { return false }
        let newCapacity = min(capacity &* 2, maxCapacity)
        guard let p = realloc(base, newCapacity) else { return false }
        base = p
        capacity = newCapacity
        return true
    }

    /// Returns a grown buffer to its initial size once it is empty (a big value does not pin memory).
    mutating func shrinkIfIdle() {
        guard start == end, capacity > initialCapacity &* 8 else { return }
        if let p = realloc(base, initialCapacity) {
            base = p
            capacity = initialCapacity
        }
        start = 0
        end = 0
    }
}
