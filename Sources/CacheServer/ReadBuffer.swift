// ReadBuffer: a connection's input bytes. Holds a block of its worker's ConnectionMemory only while it has
// bytes, is filled by one big read(2) per readable event, grows only when a single request does not fit,
// and compacts bytes the session has consumed.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A malloc'd byte window `[start, end)` of unconsumed input inside `capacity` bytes, or no storage at all
/// (`capacity == 0`) while the connection has nothing buffered.
///
/// Thread rule: owned by one connection, touched only by its worker thread. Storage comes from and goes
/// back to the worker's `ConnectionMemory` (`attach` / `detach`); the connection detaches it when it closes.
struct ReadBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var start = 0
    private(set) var end = 0
    let initialCapacity: Int
    let maxCapacity: Int

    /// Free bytes we keep in front of a read before compacting.
    static let minimumReadSpace = 4096

    /// Stands in for `base` while there is no storage (never dereferenced: the capacity is 0).
    private static var noStorage: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 0x10)! }

    /// A buffer without storage; `attach` gives it some.
    init(initialCapacity: Int, maxCapacity: Int) {
        self.initialCapacity = initialCapacity
        self.maxCapacity = max(maxCapacity, initialCapacity)
        capacity = 0
        base = Self.noStorage
    }

    @inline(__always) var hasStorage: Bool { capacity > 0 }

    /// Gives an empty buffer `capacity` bytes at `pointer`.
    @inline(__always)
    mutating func attach(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        base = pointer
        self.capacity = capacity
        start = 0
        end = 0
    }

    /// Takes the storage away (dropping any unconsumed bytes) and returns it with its size.
    @inline(__always)
    mutating func detach() -> (pointer: UnsafeMutableRawPointer, capacity: Int) {
        let taken = (base, capacity)
        base = Self.noStorage
        capacity = 0
        start = 0
        end = 0
        return taken
    }

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

    /// The capacity `grow()` would reallocate to: 0 when it only compacts, `capacity` at the cap.
    var growthTarget: Int {
        if start > 0 { return 0 }
        return min(capacity &* 2, maxCapacity)
    }

    /// Doubles the buffer (up to `maxCapacity`, and up to `limit`) because one request does not fit.
    /// Returns false at the cap.
    mutating func grow(upTo limit: Int = .max) -> Bool {
        if start > 0 {
            memmove(base, base + start, end &- start)
            end &-= start
            start = 0
            return true
        }
        let newCapacity = min(capacity &* 2, maxCapacity, limit)
        guard newCapacity > capacity else { return false }
        guard let p = realloc(base, newCapacity) else { return false }
        base = p
        capacity = newCapacity
        return true
    }
}
