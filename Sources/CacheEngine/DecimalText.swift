// DecimalText: parsing and formatting the decimal numbers incr/decr store in item values, with
// memcached's safe_strtoull() rules.

enum DecimalText {
    /// Parses a value the way memcached's safe_strtoull() does on "<value>\r\n": optional leading
    /// whitespace, optional sign, at least one digit, no overflow, then whitespace or the end. A '-' is
    /// rejected only when the (wrapped) result looks negative as a signed number ("-0" is 0, as in memcached).
    static func parseUnsigned(_ text: UnsafeRawBufferPointer) -> UInt64? {
        var index = 0
        let count = text.count
        while index < count, isSpace(text[index]) { index += 1 }
        var negative = false
        if index < count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        var value: UInt64 = 0
        while index < count, text[index] >= 48, text[index] <= 57 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(text[index] - 48))
            if o1 || o2 { return nil }
            value = sum
            index += 1
        }
        if index == digitsStart { return nil }
        if index < count, !isSpace(text[index]) { return nil }
        if negative {
            value = 0 &- value
            if Int64(bitPattern: value) < 0 { return nil }
        }
        return value
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 32 || (c >= 9 && c <= 13)
    }

    /// Number of decimal digits of `value`.
    static func digitCount(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 10 {
            v /= 10
            n += 1
        }
        return n
    }

    /// Writes `value` in decimal at `destination` (which has room for `digitCount(value)` bytes).
    static func write(_ value: UInt64, to destination: UnsafeMutableRawPointer) {
        var v = value
        var position = digitCount(value)
        repeat {
            position -= 1
            destination.storeBytes(of: UInt8(48 + v % 10), toByteOffset: position, as: UInt8.self)
            v /= 10
        } while v != 0
    }
}
