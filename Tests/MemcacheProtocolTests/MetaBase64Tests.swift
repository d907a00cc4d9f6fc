// MetaBase64Tests: the base64 codec behind the meta `b` flag, including memcached's lenient decoding rules.

import Testing

@testable import MemcacheProtocol

@Suite("Meta base64")
struct MetaBase64Tests {
    func decode(_ text: String) -> [UInt8]? {
        let source = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: source.count / 4 * 3 + 3)
        let length = source.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { MetaBase64.decode(src, into: $0.baseAddress!) }
        }
        return length == 0 ? nil : Array(out[0..<length])
    }

    func encode(_ bytes: [UInt8]) -> String {
        let output = OutputBuffer()
        bytes.withUnsafeBytes { MetaBase64.encode($0, to: output) }
        return output.withReadableBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test("round trips for every length modulo 3")
    func roundTrip() {
        let samples: [[UInt8]] = [[0x66], [0x66, 0x6f], [0x66, 0x6f, 0x6f], [0, 255, 128, 7], Array(0...255)]
        for bytes in samples {
            #expect(decode(encode(bytes)) == bytes)
        }
        #expect(encode(Array("foo".utf8)) == "Zm9v")
        #expect(encode(Array("a".utf8)) == "YQ==")
        #expect(encode(Array("ab".utf8)) == "YWI=")
    }

    @Test("memcached's rules: skip foreign bytes, need a multiple of 4, stop after padding, reject 3+ '='")
    func lenientRules() {
        #expect(decode("Y!Q==") == Array("a".utf8))
        #expect(decode("YQ==YQ==") == Array("a".utf8))
        #expect(decode("YQ") == nil)
        #expect(decode("a===") == nil)
        #expect(decode("====") == nil)
        #expect(decode("!!!!") == nil)
        #expect(decode("") == nil)
    }
}
