// MetaBase64: the base64 codec behind the meta protocol's `b` flag (binary keys sent as base64).
//
// Decoding follows memcached's rules exactly, because they decide which requests are errors:
// characters outside the alphabet are skipped, the count of alphabet characters (with '=') must be a
// positive multiple of four, decoding stops after the first block that carries padding, and three or
// more '=' in one block is invalid. Encoding is plain RFC 4648 with '=' padding.

/// Base64 helpers for meta keys. Works on raw pointers only: no allocation on the request path.
enum MetaBase64 {
    /// Value of each byte in the base64 alphabet, or 0x80 for bytes that are skipped.
    /// '=' decodes to 0 (it counts as a character; padding is handled separately).
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0x80, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "="))] = 0
        return table
    }()

    private static let encodeAlphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    /// Bytes `decode` may write for a source of `encodedLength` bytes.
    @inline(__always)
    static func decodedCapacity(forEncodedLength encodedLength: Int) -> Int { encodedLength / 4 * 3 + 3 }

    /// Decodes `source` into `destination` (which must hold `source.count / 4 * 3 + 3` bytes).
    /// Returns the decoded length, or 0 when memcached would reject the input.
    static func decode(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer) -> Int {
        decodeTable.withUnsafeBufferPointer { table -> Int in
            var counted = 0
            for byte in source where table[Int(byte)] != 0x80 { counted &+= 1 }
            if counted == 0 || counted % 4 != 0 { return 0 }

            var block: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            var inBlock = 0
            var padding = 0
            var written = 0
            for byte in source {
                let value = table[Int(byte)]
                if value == 0x80 { continue }
                if byte == UInt8(ascii: "=") { padding &+= 1 }
                switch inBlock {
                case 0: block.0 = value
                case 1: block.1 = value
                case 2: block.2 = value
                default: block.3 = value
                }
                inBlock &+= 1
                guard inBlock == 4 else { continue }
                destination.storeBytes(of: (block.0 << 2) | (block.1 >> 4), toByteOffset: written, as: UInt8.self)
                destination.storeBytes(of: (block.1 << 4) | (block.2 >> 2), toByteOffset: written &+ 1, as: UInt8.self)
                destination.storeBytes(of: (block.2 << 6) | block.3, toByteOffset: written &+ 2, as: UInt8.self)
                written &+= 3
                inBlock = 0
                if padding > 0 {
                    if padding > 2 { return 0 }
                    written &-= padding
                    break
                }
            }
            return written
        }
    }

    /// Length of the base64 encoding of `count` bytes.
    @inline(__always)
    static func encodedLength(of count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Appends the base64 encoding of `source` to `output`.
    static func encode(_ source: UnsafeRawBufferPointer, to output: OutputBuffer) {
        let length = encodedLength(of: source.count)
        guard length > 0 else { return }
        let alphabet = encodeAlphabet.utf8Start
        output.appendWithUnsafeBytes(count: length) { out in
            var input = 0
            var written = 0
            func put(_ sextet: UInt8) {
                out.storeBytes(of: alphabet[Int(sextet)], toByteOffset: written, as: UInt8.self)
                written &+= 1
            }
            while source.count &- input >= 3 {
                let a = source[input]
                let b = source[input &+ 1]
                let c = source[input &+ 2]
                put(a >> 2)
                put(((a & 0x03) << 4) | (b >> 4))
                put(((b & 0x0f) << 2) | (c >> 6))
                put(c & 0x3f)
                input &+= 3
            }
            let remaining = source.count &- input
            if remaining > 0 {
                let a = source[input]
                put(a >> 2)
                if remaining == 1 {
                    put((a & 0x03) << 4)
                    out.storeBytes(of: UInt8(ascii: "="), toByteOffset: written, as: UInt8.self)
                } else {
                    let b = source[input &+ 1]
                    put(((a & 0x03) << 4) | (b >> 4))
                    put((b & 0x0f) << 2)
                }
                out.storeBytes(of: UInt8(ascii: "="), toByteOffset: length &- 1, as: UInt8.self)
            }
        }
    }
}
