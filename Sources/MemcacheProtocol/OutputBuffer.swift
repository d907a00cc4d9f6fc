// OutputBuffer: the growable byte buffer that responses are written into before the server sends them.
//
// One buffer per connection. Writers append at the end; the server reads the readable region with
// `withReadableBytes`, writes it to the socket and calls `consume(_:)` with what the kernel accepted.
// The storage is a single malloc'd block that grows as needed; a server connection lends it out of its
// worker's pool while responses wait (`attach` / `detach`) and sets how far it may grow (`capacityLimit`).

import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable raw byte buffer holding response bytes that have not been sent yet.
///
/// Why a class of its own instead of `[UInt8]`: the hot path appends many small pieces per request
/// (`VALUE `, a key, a decimal, a value, `\r\n`) and must not allocate, retain or bounds-check more than
/// needed. The buffer keeps its capacity when drained, so a connection pays for growth once.
///
/// Thread rule: a buffer belongs to one connection and is touched by one thread at a time
/// (hence `@unchecked Sendable`: it may be handed to a worker thread, never shared). Its indices are
/// never accessed re-entrantly, so they opt out of dynamic exclusivity checks, which showed up in profiles.
public final class OutputBuffer: @unchecked Sendable {
    /// Start of the malloc'd storage.
    @usableFromInline @exclusivity(unchecked) internal var storage: UnsafeMutableRawPointer
    /// Bytes allocated at `storage`.
    @usableFromInline @exclusivity(unchecked) internal var capacity: Int
    /// Offset of the first unsent byte.
    @usableFromInline @exclusivity(unchecked) internal var readerIndex: Int = 0
    /// Offset one past the last written byte.
    @usableFromInline @exclusivity(unchecked) internal var writerIndex: Int = 0

    /// The capacity this buffer may grow to (set by the server from its connection-memory limit). Growth
    /// stops at it when it can; replies that check `canAppend(_:)` first (get's VALUEs) are refused above it.
    public var capacityLimit: Int = .max
    /// The session stops handling a connection's pipelined requests, until the client has read, once more
    /// than this many bytes wait (the server's output high-water mark).
    public var pauseThreshold: Int = .max
    /// Where a buffer without storage gets its first block when something is written (a server's worker
    /// pool); nil, or a nil result, means malloc. Called only on that slow path.
    public var blockSource: (() -> (pointer: UnsafeMutableRawPointer, capacity: Int)?)? = nil
    /// Responses the session refused for lack of memory (`SERVER_ERROR out of memory writing get
    /// response`) since the server last reset it: its `response_obj_oom`.
    public var refusedResponses: Int = 0

    /// Creates an empty buffer with room for `initialCapacity` bytes (at least 64), or without storage
    /// when it is 0 (see `attach`).
    public init(initialCapacity: Int = 16 * 1024) {
        if initialCapacity == 0 {
            storage = Self.noStorage
            capacity = 0
            return
        }
        let bytes = max(initialCapacity, 64)
        guard let block = malloc(bytes) else { fatalError("OutputBuffer: out of memory") }
        storage = block
        capacity = bytes
    }

    deinit {
        if capacity > 0 { free(storage) }
    }

    /// Number of bytes written and not yet consumed.
    @inlinable
    public var readableBytes: Int { writerIndex &- readerIndex }

    /// True when nothing is waiting to be sent.
    @inlinable
    public var isEmpty: Bool { writerIndex == readerIndex }

    /// Bytes currently allocated (kept across `consume`, so a drained buffer stays warm).
    public var allocatedCapacity: Int { capacity }

    /// Calls `body` with the unsent bytes. The pointer is valid only inside the call.
    @inlinable
    public func withReadableBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage + readerIndex, count: writerIndex &- readerIndex))
    }

    /// Marks the first `count` readable bytes as sent. When everything is sent the buffer rewinds to its
    /// start (no copying); the capacity is kept.
    @inlinable
    public func consume(_ count: Int) {
        precondition(count >= 0 && count <= readableBytes, "OutputBuffer.consume beyond readable bytes")
        readerIndex &+= count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Drops every unsent byte (for example when the connection is closing).
    @inlinable
    public func removeAll() {
        readerIndex = 0
        writerIndex = 0
    }

    /// Gives back a grown allocation: when the buffer is empty, replaces its storage with a fresh
    /// `initialCapacity`-byte block (the same state as a new buffer). Does nothing while bytes are unsent.
    public func shrinkIfEmpty(toInitialCapacity initialCapacity: Int = 16 * 1024) {
        guard writerIndex == readerIndex else { return }
        let bytes = max(initialCapacity, 64)
        guard let block = malloc(bytes) else { fatalError("OutputBuffer: out of memory") }
        if capacity > 0 { free(storage) }
        storage = block
        capacity = bytes
        readerIndex = 0
        writerIndex = 0
    }

    // MARK: - lent storage

    /// Stands in for `storage` while there is none (never dereferenced: the capacity is 0).
    private static var noStorage: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 0x10)! }

    /// True while the buffer has storage.
    public var hasStorage: Bool { capacity > 0 }

    /// Gives a buffer without storage (after `detach()`) `capacity` bytes at `pointer`, which must come
    /// from malloc (growth reallocs it).
    public func attach(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        precondition(self.capacity == 0, "OutputBuffer.attach: storage already attached")
        storage = pointer
        self.capacity = capacity
        readerIndex = 0
        writerIndex = 0
    }

    /// Takes the storage away, dropping unsent bytes, and returns it (the caller frees or reuses it); nil
    /// when there is none. Appending afterwards mallocs fresh storage.
    public func detach() -> (pointer: UnsafeMutableRawPointer, capacity: Int)? {
        guard capacity > 0 else { return nil }
        let taken = (storage, capacity)
        storage = Self.noStorage
        capacity = 0
        readerIndex = 0
        writerIndex = 0
        return taken
    }

    /// True when `count` more bytes fit without growing past `capacityLimit` (keeping a little room for
    /// the short lines that end a reply).
    @inlinable
    public func canAppend(_ count: Int) -> Bool {
        capacity &- writerIndex >= count || (writerIndex &- readerIndex) &+ count &+ 1024 <= capacityLimit
    }

    // MARK: - growth

    /// Makes room for `count` more bytes at the writer index.
    @inlinable
    @inline(__always)
    internal func ensureWritable(_ count: Int) {
        if capacity &- writerIndex < count {
            makeRoom(count)
        }
    }

    /// Slow path of `ensureWritable`: first moves unsent bytes to the front, then grows geometrically.
    @usableFromInline
    internal func makeRoom(_ count: Int) {
        let unsent = writerIndex &- readerIndex
        if readerIndex > 0 && capacity &- unsent >= count {
            // Compaction is enough: move the unsent bytes to the front.
            memmove(storage, storage + readerIndex, unsent)
            readerIndex = 0
            writerIndex = unsent
            return
        }
        if capacity == 0 {
            // No storage (detached): a block from the source, or a fresh one.
            readerIndex = 0
            writerIndex = 0
            if let block = blockSource?() {
                storage = block.pointer
                capacity = block.capacity
                if capacity >= count { return }
            } else {
                let bytes = max(count, 4096)
                guard let block = malloc(bytes) else { fatalError("OutputBuffer: out of memory") }
                storage = block
                capacity = bytes
                return
            }
        }
        var newCapacity = capacity
        while newCapacity &- writerIndex < count {
            newCapacity = newCapacity &* 2
        }
        // Doubling stops at the limit, as long as the bytes asked for fit.
        newCapacity = min(newCapacity, max(capacityLimit, writerIndex &+ count))
        guard let grown = realloc(storage, newCapacity) else { fatalError("OutputBuffer: out of memory") }
        storage = grown
        capacity = newCapacity
    }

    /// Reserves `count` bytes at the end, lets `body` fill exactly `count` bytes, and commits them.
    @inlinable
    public func appendWithUnsafeBytes(count: Int, _ body: (UnsafeMutableRawPointer) -> Void) {
        ensureWritable(count)
        body(storage + writerIndex)
        writerIndex &+= count
    }

    // MARK: - appenders

    /// Appends raw bytes.
    @inlinable
    public func append(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return }
        ensureWritable(count)
        (storage + writerIndex).copyMemory(from: base, byteCount: count)
        writerIndex &+= count
    }

    /// Appends the UTF-8 bytes of a string literal (no allocation, no String).
    @inlinable
    public func append(_ literal: StaticString) {
        let count = literal.utf8CodeUnitCount
        ensureWritable(count)
        (storage + writerIndex).copyMemory(from: literal.utf8Start, byteCount: count)
        writerIndex &+= count
    }

    /// Appends one byte.
    @inlinable
    public func append(byte: UInt8) {
        ensureWritable(1)
        storage.storeBytes(of: byte, toByteOffset: writerIndex, as: UInt8.self)
        writerIndex &+= 1
    }

    /// Appends the bytes of a Swift string (for non-hot-path output such as `stats`).
    public func append(string: String) {
        var copy = string
        copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `value` in decimal ASCII.
    @inlinable
    public func appendDecimal(_ value: UInt64) {
        // 20 digits is the longest u64.
        ensureWritable(20)
        let digits = DecimalText.digitCount(value)
        DecimalText.write(value, digits: digits, to: storage + writerIndex)
        writerIndex &+= digits
    }

    /// Appends `value` in decimal ASCII, with a leading `-` when negative.
    @inlinable
    public func appendDecimal(_ value: Int64) {
        if value < 0 {
            append(byte: UInt8(ascii: "-"))
            appendDecimal(value.magnitude)
        } else {
            appendDecimal(UInt64(value))
        }
    }

    /// Appends `value` in decimal ASCII.
    @inlinable
    public func appendDecimal(_ value: UInt32) { appendDecimal(UInt64(value)) }

    /// Appends `value` in decimal ASCII.
    @inlinable
    public func appendDecimal(_ value: Int) { appendDecimal(Int64(value)) }

    // MARK: - session internals

    /// Forgets the bytes appended after the buffer held `readableCount` readable bytes (a count taken from
    /// `readableBytes` earlier in the same processing call, with no `consume` in between). Counts, not
    /// offsets, so compaction in between does not invalidate the mark.
    @inlinable
    internal func truncate(toReadableCount readableCount: Int) {
        precondition(readableCount >= 0 && readableCount <= readableBytes, "OutputBuffer.truncate: stale mark")
        writerIndex = readerIndex &+ readableCount
    }
}
