// MetaErrorTests: every meta error string and the exact point where memcached 1.6.18 emits it (each expected
// reply below was captured from memcached 1.6.18), including which `ms` errors swallow the data block.

import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("Meta errors")
struct MetaErrorTests {
    static let longKey = String(repeating: "k", count: 251)
    static let eighteenFlags = "a b c d e f g h i j k l m n o p q r"
    static let seventeenFlags = "a b c d e f g h i j k l m n o p q"

    let badFormat = "CLIENT_ERROR bad command line format\r\n"
    let badToken = "CLIENT_ERROR bad token in command line format\r\n"
    let invalidOrDuplicate = "CLIENT_ERROR invalid or duplicate flag\r\n"

    func reply(_ request: String) throws -> String {
        try MetaTestServer().connect().send(request)
    }

    @Test("a meta command without a key: ERROR, except me")
    func missingKey() throws {
        #expect(try reply("mg\r\n") == "ERROR\r\n")
        #expect(try reply("ms\r\n") == "ERROR\r\n")
        #expect(try reply("md\r\n") == "ERROR\r\n")
        #expect(try reply("ma\r\n") == "ERROR\r\n")
        #expect(try reply("mz\r\n") == "ERROR\r\n")
        #expect(try reply("me\r\n") == badFormat)
        #expect(try reply("ms k\r\n") == badFormat)
    }

    @Test("keys over 250 bytes; ms does not swallow its data then")
    func keyTooLong() throws {
        let key = Self.longKey
        #expect(try reply("mg \(key) v\r\n") == badFormat)
        #expect(try reply("md \(key)\r\n") == badFormat)
        #expect(try reply("ma \(key)\r\n") == badFormat)
        #expect(try reply("me \(key)\r\n") == badFormat)
        #expect(try reply("ms \(key) 2\r\nhi\r\n") == badFormat + "ERROR\r\n")
        // The limit applies to the base64 text, before decoding.
        #expect(try reply("ms \(String(repeating: "QUFB", count: 63)) 2 b\r\nhi\r\n") == badFormat + "ERROR\r\n")
    }

    @Test("ms length errors are not swallowed")
    func setLength() throws {
        #expect(try reply("ms nolen\r\nms badlen abc\r\nms neg -1\r\n") == badFormat + badFormat + badFormat)
        #expect(try reply("ms k2 abc\r\nhi\r\nmn\r\n") == badFormat + "ERROR\r\nMN\r\n")
    }

    @Test("too many flags: 17 flags pass for mg, 18 do not; ms counts its length token")
    func tooManyFlags() throws {
        #expect(try reply("mg k \(Self.seventeenFlags)\r\n") == "CLIENT_ERROR invalid flag\r\n")
        #expect(try reply("mg k \(Self.eighteenFlags)\r\n") == "CLIENT_ERROR options flags are too long\r\n")
        #expect(try reply("md k \(Self.eighteenFlags)\r\n") == "CLIENT_ERROR options flags too long\r\n")
        #expect(try reply("ma k \(Self.eighteenFlags)\r\n") == "CLIENT_ERROR options flags too long\r\n")
        #expect(
            try reply("ms k2 2 \(Self.seventeenFlags)\r\nhi\r\nmn\r\n")
                == "CLIENT_ERROR options flags too long\r\nERROR\r\nMN\r\n")
    }

    @Test("duplicate and unknown flags; a first byte over 126 counts as duplicate")
    func duplicateAndUnknown() throws {
        #expect(try reply("mg k v v\r\n") == "CLIENT_ERROR duplicate flag\r\n")
        #expect(try reply("mg k Y\r\n") == "CLIENT_ERROR invalid flag\r\n")
        #expect(try reply("mg k \u{e9}\r\n") == "CLIENT_ERROR duplicate flag\r\n")
        #expect(
            try reply("md k v v\r\nmd k Y\r\nmd k Cx\r\n") == invalidOrDuplicate + invalidOrDuplicate
                + invalidOrDuplicate)
        #expect(
            try reply("ma k v v\r\nma k Dx\r\nma k Jx\r\nma k MXX\r\n")
                == invalidOrDuplicate + invalidOrDuplicate + invalidOrDuplicate + invalidOrDuplicate)
        #expect(try reply("ma k MX\r\n") == "CLIENT_ERROR invalid mode for ma M token\r\n")
        #expect(try reply("ms f1 1 S\r\nx\r\n") == "CLIENT_ERROR invalid flag\r\n")
    }

    @Test("bad flag arguments: the last failing argument's message wins, an unknown flag beats them")
    func badArguments() throws {
        #expect(try reply("mg k Nx\r\nmg k Tx\r\nmg k Rx\r\nmg k Cx\r\n") == badToken + badToken + badToken + badToken)
        #expect(try reply("mg k4 N\r\n") == badToken)
        #expect(try reply("mg k Jx\r\n") == "CLIENT_ERROR invalid numeric initial value\r\n")
        #expect(try reply("mg k Dx\r\n") == "CLIENT_ERROR invalid numeric delta value\r\n")
        #expect(try reply("mg k Fx\r\n") == badFormat)
        #expect(try reply("mg k Tx Fx\r\n") == badToken)
        #expect(try reply("mg k Tx Y\r\n") == "CLIENT_ERROR invalid flag\r\n")
        #expect(try reply("mg k Tx Jx\r\n") == "CLIENT_ERROR invalid numeric initial value\r\n")
        #expect(try reply("mg k MSS\r\n") == "CLIENT_ERROR incorrect length for M token\r\n")
        #expect(try reply("ms f1 1 F-1\r\nx\r\nms f1 1 Tabc\r\nx\r\n") == badFormat + badToken)
    }

    @Test("opaque tokens: 32 bytes with the O pass, 33 do not")
    func opaqueLength() throws {
        let ok = "O" + String(repeating: "a", count: 31)
        let long = "O" + String(repeating: "a", count: 32)
        #expect(try reply("mg k \(ok)\r\n") == "EN \(ok)\r\n")
        #expect(try reply("mg k \(long)\r\n") == "CLIENT_ERROR opaque token too long\r\n")
        #expect(try reply("mg k q \(long)\r\nmn\r\n") == "CLIENT_ERROR opaque token too long\r\nMN\r\n")
        #expect(try reply("md k \(long)\r\n") == "CLIENT_ERROR opaque token too long\r\n")
        #expect(try reply("ma k \(long)\r\n") == "CLIENT_ERROR opaque token too long\r\n")
    }

    @Test("ms errors after the length swallow the data block, with memcached's precedence")
    func setSwallows() throws {
        let long = "O" + String(repeating: "a", count: 39)
        #expect(try reply("ms k2 2 \(long)\r\nhi\r\nmn\r\n") == "CLIENT_ERROR opaque token too long\r\nMN\r\n")
        #expect(try reply("ms k2 2 MX \(long)\r\nhi\r\nmn\r\n") == "CLIENT_ERROR invalid mode for ms M token\r\nMN\r\n")
        #expect(try reply("ms mm 1 MX\r\nz\r\nmn\r\n") == "CLIENT_ERROR invalid mode for ms M token\r\nMN\r\n")
        #expect(try reply("ms k2 2 Y\r\nhi\r\nmn\r\n") == "CLIENT_ERROR invalid flag\r\nMN\r\n")
        #expect(try reply("ms k2 2 MSS\r\nhi\r\nmn\r\n") == "CLIENT_ERROR incorrect length for M token\r\nMN\r\n")
        #expect(try reply("ms k3 2 b\r\nhi\r\nmn\r\n") == "CLIENT_ERROR error decoding key\r\nMN\r\n")
    }

    @Test("a swallowed data block may arrive later, in pieces")
    func swallowAcrossReads() throws {
        let client = try MetaTestServer().connect()
        #expect(client.send("ms k2 10 Y\r\nabc") == "CLIENT_ERROR invalid flag\r\n")
        #expect(client.send("defgh") == "")
        #expect(client.send("ij\r\nmn\r\n") == "MN\r\n")
    }

    @Test("base64 keys that do not decode")
    func badBase64() throws {
        let decoding = "CLIENT_ERROR error decoding key\r\n"
        #expect(try reply("mg a=== b k\r\nmg YQ b\r\nmg ==== b\r\n") == decoding + decoding + decoding)
        #expect(try reply("md !!!! b\r\n") == invalidOrDuplicate)
        #expect(try reply("me k2 b\r\n") == badFormat)
    }
}
