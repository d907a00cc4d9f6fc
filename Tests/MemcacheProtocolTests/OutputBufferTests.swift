// Tests for OutputBuffer: appenders, consume, growth and capacity reuse.

import Testing

@testable import MemcacheProtocol

private func contents(_ buffer: OutputBuffer) -> String {
    buffer.withReadableBytes { String(decoding: $0, as: UTF8.self) }
}

@Suite("OutputBuffer")
struct OutputBufferTests {
    @Test func appendsLiteralsBytesAndDecimals() {
        let buffer = OutputBuffer(initialCapacity: 8)
        buffer.append("VALUE ")
        Array("key".utf8).withUnsafeBytes { buffer.append($0) }
        buffer.append(byte: 0x20)
        buffer.appendDecimal(UInt64(0))
        buffer.append(byte: 0x20)
        buffer.appendDecimal(UInt64.max)
        buffer.append(byte: 0x20)
        buffer.appendDecimal(Int64.min)
        buffer.append(byte: 0x20)
        buffer.appendDecimal(Int64(-7))
        buffer.append(byte: 0x20)
        buffer.appendDecimal(UInt64(1_000_000))
        #expect(contents(buffer) == "VALUE key 0 18446744073709551615 -9223372036854775808 -7 1000000")
    }

    @Test func decimalsOfEveryLength() {
        let buffer = OutputBuffer()
        var value: UInt64 = 1
        var expected = ""
        for _ in 0..<19 {
            for candidate in [value - 1, value, value + 1] {
                buffer.appendDecimal(candidate)
                buffer.append(",")
                expected += "\(candidate),"
            }
            value *= 10
        }
        #expect(contents(buffer) == expected)
    }

    @Test func consumeKeepsCapacityAndRewinds() {
        let buffer = OutputBuffer(initialCapacity: 64)
        for _ in 0..<100 { buffer.append("0123456789") }
        let grown = buffer.allocatedCapacity
        #expect(grown >= 1000)
        buffer.consume(995)
        #expect(contents(buffer) == "56789")
        buffer.consume(5)
        #expect(buffer.isEmpty)
        #expect(buffer.allocatedCapacity == grown)
        buffer.append("x")
        #expect(contents(buffer) == "x")
    }

    @Test func compactsUnsentBytesWhenGrowing() {
        let buffer = OutputBuffer(initialCapacity: 64)
        for _ in 0..<6 { buffer.append("0123456789") }
        buffer.consume(55)
        for _ in 0..<5 { buffer.append("abcdefghij") }
        #expect(contents(buffer) == "56789" + String(repeating: "abcdefghij", count: 5))
    }

    @Test func truncateDropsOnlyLaterBytes() {
        let buffer = OutputBuffer(initialCapacity: 64)
        buffer.append("sent-later ")
        buffer.consume(5)
        let mark = buffer.readableBytes
        for _ in 0..<20 { buffer.append("dropped") }
        buffer.truncate(toReadableCount: mark)
        #expect(contents(buffer) == "later ")
    }
}
