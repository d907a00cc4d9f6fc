// OutputBuffer: the growable byte buffer that responses are written into before the server sends them.
//
// One buffer per connection. Writers append at the end; the server reads the readable region with
// `withReadableBytes`, writes it to the socket and calls `consume(_:)` with what the kernel accepted.
// The storage is a single malloc'd block that only grows, so once a connection has warmed up, appending
// never allocates.

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

    /// Creates an empty buffer with room for `initialCapacity` bytes.
    public init(initialCapacity: Int = 16 * 1024) {
        let bytes = max(initialCapacity, 64)
        guard let block = malloc(bytes) else { fatalError("OutputBuffer: out of memory") }
        storage = block
        capacity = bytes
    }

    deinit {
        free(storage)
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
        free(storage)
        storage = block
        capacity = bytes
        readerIndex = 0
        writerIndex = 0
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
        var newCapacity = capacity
        while newCapacity &- writerIndex < count {
            newCapacity = newCapacity &* 2
        }
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
