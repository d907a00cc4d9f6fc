// Numbers: strict decimal parsers for protocol tokens, mirroring memcached's safe_strto* helpers.
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

/// Strict decimal parsers with memcached 1.6.18's exact acceptance rules (see the file comment).
public enum ProtocolNumbers {
    /// Result of the shared strtoul/strtol scan.
    struct Scan {
        /// Magnitude of the digits (valid when `overflow` is false).
        var magnitude: UInt64
        var negative: Bool
        /// The magnitude did not fit in 64 bits.
        var overflow: Bool
    }

    @inline(__always)
    static func isCSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Scans `[space][sign]digits` and requires the token to end or continue with whitespace.
    /// Returns nil for "no digits" or a bad terminator (memcached: str == endptr, or a stray character).
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

    /// memcached's safe_strtoull: an unsigned 64-bit value.
    public static func parseUInt64(_ token: UnsafeRawBufferPointer) -> UInt64? {
        guard let scan = scan(token), !scan.overflow else { return nil }
        let value = scan.negative ? 0 &- scan.magnitude : scan.magnitude
        if scan.negative && Int64(bitPattern: value) < 0 { return nil }
        return value
    }

    /// memcached's safe_strtoul: parsed as a 64-bit unsigned long, then truncated to 32 bits.
    public static func parseUInt32(_ token: UnsafeRawBufferPointer) -> UInt32? {
        guard let value = parseUInt64(token) else { return nil }
        return UInt32(truncatingIfNeeded: value)
    }

    /// memcached's safe_strtoll: a signed 64-bit value.
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
    public static func parseInt32(_ token: UnsafeRawBufferPointer) -> Int32? {
        guard let value = parseInt64(token) else { return nil }
        return Int32(truncatingIfNeeded: value)
    }
}
