// Tests for the cross-protocol defence: memcached 1.6.18's silent close on an unknown command whose last
// token starts with "HTTP/" (the cases of its captured bytes, the commands that still run, the replies of
// the same read that are dropped, nothing after the line executed, at every split of the input), and
// swiftcached's close on a binary-protocol request (first byte 0x80). Also the two things the idle clock
// reads from the session: requests handled to the end, and whether input stopped inside a data block.

import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("Cross-protocol requests")
struct CrossProtocolTests {
    /// Lines memcached 1.6.18 hangs up on without a byte (its captured cases, plus the dispatch corners).
    static let closingLines: [String] = [
        "GET / HTTP/1.0\r\n", "PUT /a HTTP/1.1\r\n", "FOO bar HTTP/2\r\n", "HTTP/1.1\r\n", "FOO bar HTTP/\r\n",
        "GET / HTTP/1.1\n", "post / HTTP/1.1\r\n", "Get / HTTP/1.1\r\n", "mxy HTTP/1.1\r\n",
        "  GET / HTTP/1.1\r\n", "GET\t/ HTTP/1.1\r\n", "GET / HTTP/1.1 \r\n", "GET / HTTP/1.1\r\r\n",
        "xx HTTP/1.1\u{0}zz\r\n",
        // 23 tokens: the last one is still looked at.
        "GET " + String(repeating: "a ", count: 21) + "HTTP/1.1\r\n",
    ]

    /// Lines memcached 1.6.18 answers although they end in an HTTP-looking token, with its exact replies.
    static let answeredLines: [(String, String)] = [
        ("get a http/1.1\r\n", "END\r\n"),  // lowercase: an ordinary multi-get
        ("get / HTTP/1.1\r\n", "END\r\n"),  // known commands run
        ("version HTTP/1.1\r\n", "VERSION 1.6.18\r\n"),
        ("GET HTTP/1.1 x\r\n", "ERROR\r\n"),  // not the last token
        ("GET /\r\n", "ERROR\r\n"),
        ("FOO bar HTTPX\r\n", "ERROR\r\n"),
        ("gxx / HTTP/1.1\r\n", "ERROR\r\n"),  // the g family answers ERROR itself
        ("delet / HTTP/1.1\r\n", "ERROR\r\n"),
        ("mx HTTP/1.1\r\n", "ERROR\r\n"),  // a two-byte m command is a meta command
        ("H HTTP/1.1\r\n", "ERROR\r\n"),  // shorter than two bytes
        ("extstore HTTP/1.1\r\n", "ERROR\r\n"),  // a command memcached knows
        ("set HTTP/1.1\r\n", "ERROR\r\n"),
        ("verbosity HTTP/1.1\r\n", "CLIENT_ERROR bad command line format\r\n"),
        ("flush_all HTTP/1.1\r\n", "CLIENT_ERROR invalid exptime argument\r\n"),
        // 24 tokens: the 23rd is the last one looked at, and it is "a".
        ("GET " + String(repeating: "a ", count: 22) + "HTTP/1.1\r\n", "ERROR\r\n"),
    ]

    @Test func memcachedsHTTPLinesCloseSilently() throws {
        for line in Self.closingLines {
            let mc = try SessionHarness()
            #expect(mc.send(line) == "", "\(line.debugDescription)")
            #expect(mc.closed, "\(line.debugDescription)")
            #expect(mc.session.crossProtocolRequest == .http, "\(line.debugDescription)")
        }
    }

    @Test func otherHTTPLookingLinesAreAnswered() throws {
        for (line, reply) in Self.answeredLines {
            let mc = try SessionHarness()
            #expect(mc.send(line) == reply, "\(line.debugDescription)")
            #expect(!mc.closed, "\(line.debugDescription)")
            #expect(mc.session.crossProtocolRequest == nil)
        }
    }

    @Test func quitIsNotCountedAsCrossProtocol() throws {
        let mc = try SessionHarness()
        #expect(mc.send("quit HTTP/1.1\r\n") == "")
        #expect(mc.closed)
        #expect(mc.session.crossProtocolRequest == nil)
    }

    @Test func pendingRepliesOfTheSameReadAreDropped() throws {
        let mc = try SessionHarness()
        #expect(mc.send("version\r\nGET / HTTP/1.1\r\nversion\r\n") == "")
        #expect(mc.closed)
        // memcached has already written a get's and an mn's replies when it reaches the next line.
        let afterGet = try SessionHarness()
        #expect(afterGet.send("get a\r\nGET / HTTP/1.1\r\n") == "END\r\n")
        #expect(afterGet.closed)
        let afterMn = try SessionHarness()
        #expect(afterMn.send("mn\r\nGET / HTTP/1.1\r\n") == "MN\r\n")
        #expect(afterMn.closed)
    }

    @Test func nothingAfterTheLineRuns() throws {
        let mc = try SessionHarness()
        let post = "POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 22\r\n\r\nset pwn 0 0 5\r\nowned\r\n"
        #expect(mc.send(post) == "")
        #expect(mc.closed)
        let other = try SessionHarness.Peer(mc)
        #expect(other.send("get pwn\r\n") == "END\r\n")
    }

    /// The same stream cut at every point: the close and what it leaves unexecuted never depend on the
    /// cut; the VERSION reply goes out only when its line arrived in an earlier read than the HTTP line
    /// ended in (memcached had written it by then).
    @Test func httpCloseAtEverySplitPoint() throws {
        let stream = Array("version\r\nGET / HTTP/1.1\r\nset pwn 0 0 5\r\nowned\r\nversion\r\n".utf8)
        let httpLineEnd = 9 + "GET / HTTP/1.1\r\n".utf8.count
        for cut in 1..<stream.count {
            let mc = try SessionHarness()
            var answer = mc.feed(Array(stream[..<cut]))
            if !mc.closed { answer += mc.feed(Array(stream[cut...])) }
            #expect(mc.closed, "cut \(cut)")
            let expected = cut >= 9 && cut < httpLineEnd ? "VERSION 1.6.18\r\n" : ""
            #expect(String(decoding: answer, as: UTF8.self) == expected, "cut \(cut)")
            #expect(try SessionHarness.Peer(mc).send("get pwn\r\n") == "END\r\n", "cut \(cut)")
        }
    }

    @Test func httpLineByteByByte() throws {
        let mc = try SessionHarness()
        var answer: [UInt8] = []
        for byte in "GET / HTTP/1.1\r\nversion\r\n".utf8 where !mc.closed {
            answer += mc.feed([byte])
        }
        #expect(answer.isEmpty)
        #expect(mc.closed)
        #expect(mc.session.crossProtocolRequest == .http)
    }

    /// A binary `version` request: memcached 1.6.18 (-B auto) answers it in binary, and with -B ascii waits
    /// for a newline; swiftcached serves only text and closes at once.
    static let binaryVersion: [UInt8] = [0x80, 0x0b] + [UInt8](repeating: 0, count: 22)

    @Test func binaryMagicClosesAtOnce() throws {
        let mc = try SessionHarness()
        #expect(mc.feed(Self.binaryVersion).isEmpty)
        #expect(mc.closed)
        #expect(mc.session.crossProtocolRequest == .binary)
        let oneByte = try SessionHarness()
        #expect(oneByte.feed([0x80]).isEmpty)
        #expect(oneByte.closed)
        let withNewline = try SessionHarness()
        #expect(withNewline.feed([0x80] + bytes("abc\r\n")).isEmpty)
        #expect(withNewline.closed)
    }

    @Test func binaryMagicAtEverySplitPoint() throws {
        let stream = bytes("version\r\n") + Self.binaryVersion + bytes("set pwn 0 0 1\r\nx\r\n")
        for cut in 1..<stream.count {
            let mc = try SessionHarness()
            var answer = mc.feed(Array(stream[..<cut]))
            if !mc.closed { answer += mc.feed(Array(stream[cut...])) }
            #expect(mc.closed, "cut \(cut)")
            #expect(String(decoding: answer, as: UTF8.self) == (cut == 9 ? "VERSION 1.6.18\r\n" : ""), "cut \(cut)")
            #expect(try SessionHarness.Peer(mc).send("get pwn\r\n") == "END\r\n", "cut \(cut)")
        }
    }

    @Test func binaryMagicAfterTheRequestCap() throws {
        // The -R cap is reached with the binary request next: the session yields (rather than waiting for a
        // newline that never comes), then closes; the replies written before the yield were sent.
        let mc = try SessionHarness(maxRequests: 2)
        #expect(
            mc.feed(bytes("version\r\nversion\r\nversion\r\n") + [0x80])
                == bytes("VERSION 1.6.18\r\n" + "VERSION 1.6.18\r\n"))
        #expect(mc.yields == 1)
        #expect(mc.closed)
    }

    @Test func byte0x80ElsewhereIsData() throws {
        let mc = try SessionHarness()
        let value: [UInt8] = [0x80, 0x80]
        let reply = bytes("STORED\r\nVALUE b 0 2\r\n") + value + bytes("\r\nEND\r\n")
        #expect(mc.feed(bytes("set b 0 0 2\r\n") + value + bytes("\r\nget b\r\n")) == reply)
        #expect(mc.feed(bytes("get ") + [0x80] + bytes("\r\n")) == bytes("END\r\n"))
        #expect(!mc.closed)
    }

    // MARK: - what the idle clock reads

    @Test func completedRequestsAndDataBlocks() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set a 0 0 10\r\nabc") == "")
        #expect(mc.session.isInsideDataBlock)
        #expect(mc.session.completedRequests == 0)
        #expect(mc.send("defg") == "")
        #expect(mc.session.isInsideDataBlock)
        #expect(mc.send("hij\r\nget a") == "STORED\r\n")
        #expect(!mc.session.isInsideDataBlock)  // a half line is not a data block
        #expect(mc.session.completedRequests == 1)
        #expect(mc.send(" b\r\nversion\r\n") == "VALUE a 0 10\r\nabcdefghij\r\nEND\r\nVERSION 1.6.18\r\n")
        #expect(mc.session.completedRequests == 3)
        #expect(!mc.session.isInsideDataBlock)
    }

    @Test func rejectedDataBlockCountsOnceAndIsADataBlock() throws {
        var configuration = EngineConfiguration()
        configuration.itemSizeMax = 2048
        let mc = try SessionHarness(configuration: configuration)
        #expect(
            mc.send("set big 0 0 5000\r\n" + String(repeating: "x", count: 100))
                == "SERVER_ERROR object too large for cache\r\n")
        #expect(mc.session.completedRequests == 1)
        #expect(mc.session.isInsideDataBlock)
        #expect(mc.send(String(repeating: "x", count: 1000)) == "")
        #expect(mc.session.completedRequests == 1)
        #expect(mc.session.isInsideDataBlock)
        #expect(mc.send(String(repeating: "x", count: 3900) + "\r\nversion\r\n") == "VERSION 1.6.18\r\n")
        #expect(mc.session.completedRequests == 2)
        #expect(!mc.session.isInsideDataBlock)
    }
}

extension SessionHarness {
    /// Another connection to the same engine, fed whole requests.
    struct Peer {
        let session: ProtocolSession
        let output = OutputBuffer(initialCapacity: 64)

        init(_ harness: SessionHarness) throws { session = harness.secondConnection() }

        func send(_ text: String) -> String {
            let input = Array(text.utf8)
            let step = input.withUnsafeBytes { session.process($0, output: output, maxRequests: 100) }
            #expect(step.consumed == input.count)
            let answer = output.withReadableBytes { String(decoding: $0, as: UTF8.self) }
            output.consume(output.readableBytes)
            return answer
        }
    }
}
