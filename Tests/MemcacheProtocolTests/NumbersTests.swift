// Tests for ProtocolNumbers: memcached 1.6.18's safe_strto* acceptance rules.

import Testing

@testable import MemcacheProtocol

private func parse<T>(_ text: String, _ parser: (UnsafeRawBufferPointer) -> T?) -> T? {
    Array(text.utf8).withUnsafeBytes { parser($0) }
}

@Suite("Numbers")
struct NumbersTests {
    @Test func unsigned32AcceptsPlainDecimal() {
        #expect(parse("0", ProtocolNumbers.parseUInt32) == 0)
        #expect(parse("4294967295", ProtocolNumbers.parseUInt32) == 4_294_967_295)
        #expect(parse("+5", ProtocolNumbers.parseUInt32) == 5)
        #expect(parse("-0", ProtocolNumbers.parseUInt32) == 0)
    }

    @Test func unsigned32TruncatesLikeMemcached() {
        // strtoul works on 64 bits; memcached 1.6.18 stores the result in 32 bits without a range check.
        #expect(parse("4294967296", ProtocolNumbers.parseUInt32) == 0)
        #expect(parse("4294967297", ProtocolNumbers.parseUInt32) == 1)
    }

    @Test func unsignedRejectsNegativesAndJunk() {
        #expect(parse("-1", ProtocolNumbers.parseUInt32) == nil)
        #expect(parse("-1", ProtocolNumbers.parseUInt64) == nil)
        #expect(parse("abc", ProtocolNumbers.parseUInt32) == nil)
        #expect(parse("5a", ProtocolNumbers.parseUInt32) == nil)
        #expect(parse("", ProtocolNumbers.parseUInt32) == nil)
        #expect(parse("+", ProtocolNumbers.parseUInt32) == nil)
        #expect(parse("\t", ProtocolNumbers.parseUInt32) == nil)
        #expect(parse("18446744073709551616", ProtocolNumbers.parseUInt32) == nil)
    }

    @Test func unsigned64Range() {
        #expect(parse("18446744073709551615", ProtocolNumbers.parseUInt64) == UInt64.max)
        #expect(parse("18446744073709551616", ProtocolNumbers.parseUInt64) == nil)
        #expect(parse("9223372036854775808", ProtocolNumbers.parseUInt64) == 9_223_372_036_854_775_808)
        // strtoull negates; a result that is positive as a signed number passes memcached's '-' check.
        #expect(parse("-18446744073709551615", ProtocolNumbers.parseUInt64) == 1)
    }

    @Test func whitespaceAroundDigits() {
        // Leading C whitespace is skipped; a whitespace byte may end the number.
        #expect(parse("\t7", ProtocolNumbers.parseUInt32) == 7)
        #expect(parse("7\t", ProtocolNumbers.parseUInt32) == 7)
        #expect(parse("7\r", ProtocolNumbers.parseInt32) == 7)
        #expect(parse("7\tx", ProtocolNumbers.parseUInt32) == 7)
        #expect(parse("7x\t", ProtocolNumbers.parseUInt32) == nil)
    }

    @Test func signed32TruncatesLikeMemcached() {
        #expect(parse("-1", ProtocolNumbers.parseInt32) == -1)
        #expect(parse("2147483647", ProtocolNumbers.parseInt32) == Int32.max)
        #expect(parse("2147483648", ProtocolNumbers.parseInt32) == Int32.min)
        #expect(parse("4294967296", ProtocolNumbers.parseInt32) == 0)
        #expect(parse("9223372036854775808", ProtocolNumbers.parseInt32) == nil)
    }

    @Test func signed64Range() {
        #expect(parse("9223372036854775807", ProtocolNumbers.parseInt64) == Int64.max)
        #expect(parse("-9223372036854775808", ProtocolNumbers.parseInt64) == Int64.min)
        #expect(parse("9223372036854775808", ProtocolNumbers.parseInt64) == nil)
        #expect(parse("-9223372036854775809", ProtocolNumbers.parseInt64) == nil)
        #expect(parse("--1", ProtocolNumbers.parseInt64) == nil)
    }
}
