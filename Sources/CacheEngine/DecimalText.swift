// DecimalText: the one implementation of decimal numbers as memcached reads and writes them: the strict
// parsers of its safe_strto* helpers (protocol tokens and incr/decr item values) and digit counting and
// writing without String (replies and incr/decr results).
//
// memcached parses numbers with the C library's strtoul/strtoull/strtol/strtoll (base 10, 64-bit `long`)
// and then checks that the number ends the token. That gives these rules, which clients can observe:
//   - leading C whitespace (\t \n \v \f \r and space) is skipped; then an optional '+' or '-';
//   - at least one digit is required; the first non-digit must be whitespace or the end of the token,
//     so "5\t" is 5 and "5a" is rejected;
//   - a value that overflows the 64-bit C type is rejected (ERANGE);
//   - the unsigned parsers accept "-0" and small negations that wrap to a positive 64-bit value, but reject
//     a '-' whose wrapped result looks negative as a signed number ("-1" fails);
//   - the 32-bit variants keep the 64-bit result truncated to 32 bits (memcached 1.6.18 has no range
//     check): flags "4294967296" parse as 0, exptime "2147483648" as -2147483648, "4294967296" as 0.
//
// The engine is the lower layer, so the type lives here and the protocol module uses it.

/// Decimal parsing with memcached 1.6.18's exact acceptance rules, and decimal formatting into raw memory
/// (see the file comment). Everything is `@inlinable` so the protocol's hot path inlines it across the
/// module boundary; nothing allocates.
public enum DecimalText {
    /// Result of the shared strtoul/strtol scan.
    @usableFromInline
    struct Scan {
        /// Magnitude of the digits (valid when `overflow` is false).
        @usableFromInline var magnitude: UInt64
        @usableFromInline var negative: Bool
        /// The magnitude did not fit in 64 bits.
        @usableFromInline var overflow: Bool

        @inlinable
        init(magnitude: UInt64, negative: Bool, overflow: Bool) {
            self.magnitude = magnitude
            self.negative = negative
            self.overflow = overflow
        }
    }

    /// C's isspace in the "C" locale: space, \t, \n, \v, \f, \r.
    @inlinable
    @inline(__always)
    public static func isCSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Scans `[space][sign]digits` and requires the token to end or continue with whitespace.
    /// Returns nil for "no digits" or a bad terminator (memcached: str == endptr, or a stray character).
    @inlinable
    static func scan(_ token: UnsafeRawBufferPointer) -> Scan? {
        let count = token.count
        var index = 0
        while index < count && isCSpace(token[index]) { index &+= 1 }
        var negative = false
        if index < count {
            let sign = token[index]
            if sign == UInt8(ascii: "-") {
                negative = true
                index &+= 1
            } else if sign == UInt8(ascii: "+") {
                index &+= 1
            }
        }
        let firstDigit = index
        var magnitude: UInt64 = 0
        var overflow = false
        while index < count {
            let digit = token[index] &- 48
            if digit > 9 { break }
            if !overflow {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
                if o1 || o2 { overflow = true } else { magnitude = sum }
            }
            index &+= 1
        }
        if index == firstDigit { return nil }
        if index < count && !isCSpace(token[index]) { return nil }
        return Scan(magnitude: magnitude, negative: negative, overflow: overflow)
    }

    /// memcached's safe_strtoull: an unsigned 64-bit value (also how incr/decr read an item's value).
    @inlinable
    public static func parseUInt64(_ token: UnsafeRawBufferPointer) -> UInt64? {
        guard let scan = scan(token), !scan.overflow else { return nil }
        let value = scan.negative ? 0 &- scan.magnitude : scan.magnitude
        if scan.negative && Int64(bitPattern: value) < 0 { return nil }
        return value
    }

    /// memcached's safe_strtoul: parsed as a 64-bit unsigned long, then truncated to 32 bits.
    @inlinable
    public static func parseUInt32(_ token: UnsafeRawBufferPointer) -> UInt32? {
        guard let value = parseUInt64(token) else { return nil }
        return UInt32(truncatingIfNeeded: value)
    }

    /// memcached's safe_strtoll: a signed 64-bit value.
    @inlinable
    public static func parseInt64(_ token: UnsafeRawBufferPointer) -> Int64? {
        guard let scan = scan(token), !scan.overflow else { return nil }
        if scan.negative {
            if scan.magnitude > UInt64(Int64.max) &+ 1 { return nil }
            return Int64(bitPattern: 0 &- scan.magnitude)
        }
        if scan.magnitude > UInt64(Int64.max) { return nil }
        return Int64(scan.magnitude)
    }

    /// memcached's safe_strtol: parsed as a 64-bit long, then truncated to 32 bits.
    @inlinable
    public static func parseInt32(_ token: UnsafeRawBufferPointer) -> Int32? {
        guard let value = parseInt64(token) else { return nil }
        return Int32(truncatingIfNeeded: value)
    }

    /// Number of decimal digits of `value` (1 for 0).
    @inlinable
    @inline(__always)
    public static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10_000 {
            rest /= 10_000
            count &+= 4
        }
        if rest >= 1000 { return count &+ 3 }
        if rest >= 100 { return count &+ 2 }
        if rest >= 10 { return count &+ 1 }
        return count
    }

    /// Writes exactly `digits` decimal digits of `value` at `destination`, right to left.
    @inlinable
    @inline(__always)
    public static func write(_ value: UInt64, digits: Int, to destination: UnsafeMutableRawPointer) {
        var rest = value
        var index = digits
        repeat {
            index &-= 1
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 10)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: remainder) &+ 48, toByteOffset: index, as: UInt8.self)
            rest = quotient
        } while index > 0
    }

    /// Writes `value` in decimal at `destination` (room for `digitCount(value)` bytes); returns the count.
    @inlinable
    @discardableResult
    public static func write(_ value: UInt64, to destination: UnsafeMutableRawPointer) -> Int {
        let digits = digitCount(value)
        write(value, digits: digits, to: destination)
        return digits
    }
}
