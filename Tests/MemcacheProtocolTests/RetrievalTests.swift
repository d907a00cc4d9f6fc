// Transcript tests for get/gets/gat/gats, byte for byte as memcached 1.6.18 answers.

import Testing

@testable import MemcacheProtocol

@Suite("Retrieval")
struct RetrievalTests {
    @Test func hitsMissesAndEnd() throws {
        let mc = try SessionHarness()
        #expect(mc.send("get nokey\r\n") == "END\r\n")
        #expect(mc.send("set a 5 0 3\r\nabc\r\n") == "STORED\r\n")
        #expect(mc.send("get a\r\n") == "VALUE a 5 3\r\nabc\r\nEND\r\n")
        #expect(mc.send("get nokey a nokey a\r\n") == "VALUE a 5 3\r\nabc\r\nVALUE a 5 3\r\nabc\r\nEND\r\n")
    }

    @Test func getsReportsCAS() throws {
        let mc = try SessionHarness()
        mc.send("set a 0 0 1\r\nx\r\n")
        let reply = mc.send("gets a\r\n")
        #expect(reply.hasPrefix("VALUE a 0 1 "))
        #expect(reply.hasSuffix("\r\nx\r\nEND\r\n"))
        let cas = UInt64(casField(ofGetsReply: reply))
        #expect(cas != nil && cas != 0)
    }

    @Test func zeroLengthValue() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set z0 0 0 0\r\n\r\n") == "STORED\r\n")
        #expect(mc.send("get z0\r\n") == "VALUE z0 0 0\r\n\r\nEND\r\n")
    }

    @Test func noKeyIsError() throws {
        let mc = try SessionHarness()
        #expect(mc.send("get\r\ngets\r\nget \r\ngets  \r\n") == "ERROR\r\nERROR\r\nERROR\r\nERROR\r\n")
    }

    @Test func multipleSpacesAndBareNewline() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set sp2  0  0  1\r\na\r\nget  sp2   b \r\n") == "STORED\r\nVALUE sp2 0 1\r\na\r\nEND\r\n")
        #expect(mc.send("get x\n") == "END\r\n")
        #expect(mc.send("get sp2\n") == "VALUE sp2 0 1\r\na\r\nEND\r\n")
    }

    @Test func keysWithControlBytesAreAccepted() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("set tab\tkey 0 0 1\r\na\r\nget tab\tkey\r\n") == "STORED\r\nVALUE tab\tkey 0 1\r\na\r\nEND\r\n")
        #expect(
            mc.send("set ctl\u{1}key 0 0 1\r\nb\r\nget ctl\u{1}key\r\n")
                == "STORED\r\nVALUE ctl\u{1}key 0 1\r\nb\r\nEND\r\n")
    }

    @Test func keyOf250WorksAnd251Fails() throws {
        let mc = try SessionHarness()
        let key250 = String(repeating: "k", count: 250)
        #expect(
            mc.send("set \(key250) 0 0 1\r\na\r\nget \(key250)\r\n") == "STORED\r\nVALUE \(key250) 0 1\r\na\r\nEND\r\n")
        let key251 = String(repeating: "k", count: 251)
        #expect(mc.send("get \(key251)\r\n") == "CLIENT_ERROR bad command line format\r\n")
    }

    @Test func longKeyRejectsOnlyItsOwnCommand() throws {
        // The get's own VALUEs are withdrawn and no END is sent, as in memcached. Unlike memcached 1.6.18,
        // which also drops the unsent replies of earlier pipelined requests, every other reply is kept, so
        // a pipelining client stays in sync (a deliberate difference, see the README).
        let mc = try SessionHarness()
        let key251 = String(repeating: "x", count: 251)
        #expect(
            mc.send("set a 0 0 1\r\n1\r\nget a b \(key251) a\r\nget a\r\n")
                == "STORED\r\nCLIENT_ERROR bad command line format\r\nVALUE a 0 1\r\n1\r\nEND\r\n")
        #expect(
            mc.send("version\r\nverbosity 1\r\nget \(key251)\r\nversion\r\n")
                == "VERSION 1.6.18\r\nOK\r\nCLIENT_ERROR bad command line format\r\nVERSION 1.6.18\r\n")
        #expect(
            mc.send("get a\r\nget b \(key251)\r\nversion\r\n")
                == "VALUE a 0 1\r\n1\r\nEND\r\nCLIENT_ERROR bad command line format\r\nVERSION 1.6.18\r\n")
        #expect(
            mc.send("bget \(key251)\r\nget b\r\ndelete b\r\ngets \(key251)\r\nversion\r\n")
                == "CLIENT_ERROR bad command line format\r\nEND\r\nNOT_FOUND\r\n"
                + "CLIENT_ERROR bad command line format\r\nVERSION 1.6.18\r\n")
        #expect(mc.send("get a \(key251)\r\n") == "CLIENT_ERROR bad command line format\r\n")
        let block = String(repeating: "a", count: 20000)
        #expect(
            mc.send("version\r\nset big 0 0 20000\r\n\(block)\r\nversion\r\nget \(key251)\r\n")
                == "VERSION 1.6.18\r\nSTORED\r\nVERSION 1.6.18\r\nCLIENT_ERROR bad command line format\r\n")
        #expect(
            mc.send("version\r\nget \(String(repeating: "k ", count: 10000))\(key251)\r\n")
                == "VERSION 1.6.18\r\nCLIENT_ERROR bad command line format\r\n")
    }

    @Test func manyKeysBeyondTheTokenWindow() throws {
        let mc = try SessionHarness()
        mc.send("set k1 0 0 1\r\n1\r\nset k29 0 0 2\r\n29\r\nset k250 0 0 3\r\n250\r\n")
        let keys = (0..<300).map { "k\($0)" }.joined(separator: " ")
        #expect(
            mc.send("get \(keys)\r\n") == "VALUE k1 0 1\r\n1\r\nVALUE k29 0 2\r\n29\r\nVALUE k250 0 3\r\n250\r\nEND\r\n"
        )
        // A too-long key in a later window still aborts the whole command.
        #expect(
            mc.send("get \(keys) \(String(repeating: "z", count: 251))\r\n")
                == "CLIENT_ERROR bad command line format\r\n")
    }

    @Test func hugeMultiGetLine() throws {
        let mc = try SessionHarness()
        mc.send("set key:1999 0 0 1\r\nv\r\n")
        let line = "get " + (0..<2000).map { "key:\($0)" }.joined(separator: " ") + "\r\n"
        #expect(line.utf8.count > 15_000)
        #expect(mc.send(line) == "VALUE key:1999 0 1\r\nv\r\nEND\r\n")
    }

    @Test func gatTouchesAndReturns() throws {
        let mc = try SessionHarness()
        mc.send("set t 3 0 1\r\na\r\n")
        #expect(mc.send("gat 50 t nokey\r\n") == "VALUE t 3 1\r\na\r\nEND\r\n")
        mc.clock.advance(by: 49)
        #expect(mc.send("get t\r\n") == "VALUE t 3 1\r\na\r\nEND\r\n")
        mc.clock.advance(by: 2)
        #expect(mc.send("get t\r\n") == "END\r\n")
    }

    @Test func gatsReportsCASAndGatErrors() throws {
        let mc = try SessionHarness()
        mc.send("set t 0 0 1\r\na\r\n")
        #expect(mc.send("gats 0 t\r\n").hasPrefix("VALUE t 0 1 "))
        #expect(mc.send("gat 10\r\n") == "END\r\n")
        #expect(mc.send("gat\r\n") == "ERROR\r\n")
        #expect(mc.send("gat abc k\r\n") == "CLIENT_ERROR invalid exptime argument\r\n")
        #expect(mc.send("gats x1 k\r\n") == "CLIENT_ERROR invalid exptime argument\r\n")
    }

    @Test func commandsAreCaseSensitive() throws {
        let mc = try SessionHarness()
        #expect(mc.send("GET x\r\nGet x\r\ngeT x\r\n") == "ERROR\r\nERROR\r\nERROR\r\n")
    }

    @Test func legacyBget() throws {
        let mc = try SessionHarness()
        mc.send("set b 0 0 1\r\nq\r\n")
        #expect(mc.send("bget b\r\n") == "VALUE b 0 1\r\nq\r\nEND\r\n")
    }
}
