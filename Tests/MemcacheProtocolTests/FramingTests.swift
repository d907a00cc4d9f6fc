// Tests for request framing: line terminators, empty and unknown lines, NUL bytes, the 2048-byte line
// limit, the -R request cap, and needMoreData leaving incomplete requests unconsumed.

import Testing

@testable import MemcacheProtocol

@Suite("Framing")
struct FramingTests {
    @Test func unknownAndEmptyLines() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("\n\r\n\r\r\na\r\nxyzzy\r\nmx k\r\nlease-get foo\r\nmisbehave\r\nmetaget foo\r\n")
                == String(repeating: "ERROR\r\n", count: 9))
    }

    @Test func nulByteEndsTheLine() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set nul\u{0}key 0 0 1\r\na\r\nget nul\r\n") == "ERROR\r\nERROR\r\nEND\r\n")
        mc.send("set a 0 0 1\r\n1\r\n")
        #expect(mc.send("get a\u{0} b\r\n") == "VALUE a 0 1\r\n1\r\nEND\r\n")
    }

    @Test func longLineWithoutNewlineCloses() throws {
        let mc = try SessionHarness()
        #expect(mc.send("version\r\n" + String(repeating: "x", count: 2048)) == "VERSION 1.6.18\r\n")
        #expect(!mc.closed)
        #expect(mc.send("x") == "")
        #expect(mc.closed)
    }

    @Test func longLineClosesAndDropsUnsentReplies() throws {
        let mc = try SessionHarness()
        #expect(mc.send("version\r\n" + String(repeating: "x", count: 3000)) == "")
        #expect(mc.closed)
    }

    @Test func longGetLineKeepsWaiting() throws {
        for prefix in ["get ", "gets ", "  get ", String(repeating: " ", count: 100) + "get "] {
            let mc = try SessionHarness()
            #expect(mc.send(prefix + String(repeating: "k ", count: 1500)) == "")
            #expect(!mc.closed, "prefix \(prefix.count)")
            #expect(mc.send("\r\n") == "END\r\n")
        }
        for prefix in ["gat 1 ", "set k 0 0 1", String(repeating: " ", count: 101) + "get ", "get"] {
            let mc = try SessionHarness()
            mc.send(prefix + String(repeating: "k", count: 3000))
            #expect(mc.closed, "prefix \(prefix)")
        }
    }

    @Test func longLineWithNewlineIsProcessed() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set k 0 0 1" + String(repeating: " ", count: 3000) + "\r\na\r\n") == "STORED\r\n")
    }

    @Test func multiGetLineIsBounded() throws {
        var settings = ProtocolSettings()
        settings.maxMultiGetLineLength = 10_000
        let mc = try SessionHarness(settings: settings)
        mc.send("get " + String(repeating: "k ", count: 4000))
        #expect(!mc.closed)
        mc.send(String(repeating: "k ", count: 2000))
        #expect(mc.closed)
    }

    @Test func incompleteRequestIsNotConsumed() throws {
        let mc = try SessionHarness()
        let session = mc.session
        let output = OutputBuffer()
        for partial in ["ge", "get a", "set a 0 0 5\r\nabc", "set a 0 0 5\r\nabcde\r", "version\r"] {
            let step = Array(partial.utf8).withUnsafeBytes { session.process($0, output: output, maxRequests: 20) }
            #expect(step == SessionStep(consumed: 0, action: .needMoreData), "\(partial)")
            #expect(output.isEmpty)
        }
        let step = Array("version\r\nget a".utf8).withUnsafeBytes {
            session.process($0, output: output, maxRequests: 20)
        }
        #expect(step == SessionStep(consumed: 9, action: .needMoreData))
    }

    @Test func requestCapYields() throws {
        let mc = try SessionHarness()
        let output = OutputBuffer()
        let input = Array(String(repeating: "version\r\n", count: 5).utf8)
        let first = input.withUnsafeBytes { mc.session.process($0, output: output, maxRequests: 2) }
        #expect(first == SessionStep(consumed: 18, action: .yield))
        #expect(output.readableBytes == 2 * "VERSION 1.6.18\r\n".utf8.count)
        // Cap reached exactly at the end of input: nothing left, so no yield.
        let exact = input[18...].withUnsafeBytes { mc.session.process($0, output: output, maxRequests: 3) }
        #expect(exact == SessionStep(consumed: 27, action: .needMoreData))
        // Cap reached with only a partial request left: wait for data instead of yielding.
        let partial = Array("version\r\nvers".utf8).withUnsafeBytes {
            mc.session.process($0, output: output, maxRequests: 1)
        }
        #expect(partial == SessionStep(consumed: 9, action: .needMoreData))
    }

    @Test func harnessCountsYields() throws {
        let mc = try SessionHarness(maxRequests: 3)
        #expect(mc.send(String(repeating: "get x\r\n", count: 10)) == String(repeating: "END\r\n", count: 10))
        #expect(mc.yields == 3)
    }
}
