// Tokenizer: splits one request line into space-separated tokens without allocating.
//
// Reproduces memcached's tokenize_command(): only the space byte separates tokens (tabs and other control
// bytes belong to the token), runs of spaces are one separator, and at most 23 tokens are produced. When a
// line has more, the text after the 23rd token's separating space is left as the `remainder`, which
// callers such as multi-key `get` tokenize again.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The tokens of one request line, stored inline as (offset, length) pairs into the line.
///
/// Why fixed capacity: memcached limits a command to 24 token slots (23 tokens plus its terminal slot),
/// so every decision that depends on the token count (`ERROR` for a wrong arity, the `noreply` position)
/// matches memcached only if we cut at the same place. Storage is a tuple so a `Tokenizer` lives on the
/// stack: no allocation per request.
///
/// The tokenizer does not own the line: token buffers point into it and are valid as long as the line is.
public struct Tokenizer {
    /// Most tokens produced from one line (memcached's MAX_TOKENS minus the terminal slot).
    public static let capacity = 23

    /// (offset << 32 | length) per token.
    private var slots:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
        ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The line the tokens point into.
    public let line: UnsafeRawBufferPointer
    /// Number of tokens found (0 ... 23).
    public private(set) var count: Int = 0
    /// Offset in `line` of the text not tokenized because the 23-token capacity was reached, or nil when
    /// the whole line was consumed (memcached's terminal token value being NULL).
    public private(set) var remainderOffset: Int? = nil

    /// Tokenizes `line` (which must not contain its "\r\n" terminator).
    public init(_ line: UnsafeRawBufferPointer) {
        self.init(line, from: 0)
    }

    /// Tokenizes `line` starting at byte `start` (used to continue with a `remainderOffset`).
    public init(_ line: UnsafeRawBufferPointer, from start: Int) {
        self.line = line
        let end = line.count
        guard start < end, let base = line.baseAddress else { return }
        var found = 0
        var tokenStart = start
        var index = start
        while index < end {
            if base.load(fromByteOffset: index, as: UInt8.self) == 0x20 {
                if tokenStart != index {
                    setSlot(found, UInt64(tokenStart) << 32 | UInt64(index &- tokenStart))
                    found &+= 1
                    if found == Tokenizer.capacity {
                        // memcached stops here; the rest of the line (if any) is the remainder.
                        count = found
                        if index &+ 1 < end { remainderOffset = index &+ 1 }
                        return
                    }
                }
                tokenStart = index &+ 1
            }
            index &+= 1
        }
        if tokenStart != index {
            setSlot(found, UInt64(tokenStart) << 32 | UInt64(index &- tokenStart))
            found &+= 1
        }
        count = found
    }

    /// Byte offset of token `index` in `line`.
    public func offset(of index: Int) -> Int { Int(truncatingIfNeeded: slot(index) >> 32) }

    /// Length of token `index`.
    public func length(of index: Int) -> Int { Int(truncatingIfNeeded: slot(index) & 0xFFFF_FFFF) }

    /// The bytes of token `index` (0 ..< count).
    public subscript(index: Int) -> UnsafeRawBufferPointer {
        let packed = slot(index)
        let start = Int(truncatingIfNeeded: packed >> 32)
        let length = Int(truncatingIfNeeded: packed & 0xFFFF_FFFF)
        return UnsafeRawBufferPointer(rebasing: line[start..<start &+ length])
    }

    /// True when token `index` exists and equals `literal` byte for byte.
    public func token(_ index: Int, is literal: StaticString) -> Bool {
        index < count && self[index].matches(literal)
    }

    /// Reads one packed slot. Switches rather than `withUnsafeBytes(of:)`: borrowing the tuple that way
    /// made the compiler copy all 184 bytes on every token access.
    internal func slot(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "Tokenizer: token index out of range")
        switch index {
        case 0: return slots.0
        case 1: return slots.1
        case 2: return slots.2
        case 3: return slots.3
        case 4: return slots.4
        case 5: return slots.5
        case 6: return slots.6
        case 7: return slots.7
        case 8: return slots.8
        case 9: return slots.9
        case 10: return slots.10
        case 11: return slots.11
        case 12: return slots.12
        case 13: return slots.13
        case 14: return slots.14
        case 15: return slots.15
        case 16: return slots.16
        case 17: return slots.17
        case 18: return slots.18
        case 19: return slots.19
        case 20: return slots.20
        case 21: return slots.21
        default: return slots.22
        }
    }

    private mutating func setSlot(_ index: Int, _ value: UInt64) {
        switch index {
        case 0: slots.0 = value
        case 1: slots.1 = value
        case 2: slots.2 = value
        case 3: slots.3 = value
        case 4: slots.4 = value
        case 5: slots.5 = value
        case 6: slots.6 = value
        case 7: slots.7 = value
        case 8: slots.8 = value
        case 9: slots.9 = value
        case 10: slots.10 = value
        case 11: slots.11 = value
        case 12: slots.12 = value
        case 13: slots.13 = value
        case 14: slots.14 = value
        case 15: slots.15 = value
        case 16: slots.16 = value
        case 17: slots.17 = value
        case 18: slots.18 = value
        case 19: slots.19 = value
        case 20: slots.20 = value
        case 21: slots.21 = value
        default: slots.22 = value
        }
    }
}

extension UnsafeRawBufferPointer {
    /// True when these bytes equal the UTF-8 bytes of `literal`.
    public func matches(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard count == length else { return false }
        guard length > 0, let base = baseAddress else { return true }
        return memcmp(base, literal.utf8Start, length) == 0
    }

    /// True when these bytes start with the UTF-8 bytes of `literal`.
    public func hasPrefix(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard count >= length else { return false }
        guard length > 0, let base = baseAddress else { return true }
        return memcmp(base, literal.utf8Start, length) == 0
    }
}
