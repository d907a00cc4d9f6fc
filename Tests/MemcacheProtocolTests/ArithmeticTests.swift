// Transcript tests for incr/decr as memcached 1.6.18 answers them.

import Testing

@testable import MemcacheProtocol

@Suite("Arithmetic")
struct ArithmeticTests {
    @Test func numericRules() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("set n1 0 0 2\r\n 5\r\nincr n1 1\r\nset n2 0 0 2\r\n07\r\nincr n2 1\r\n")
                == "STORED\r\n6\r\nSTORED\r\n8\r\n")
        let nonNumeric = "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
        for value in ["abc", "-5", "", "5a", "111111111111111111111"] {
            #expect(
                mc.send("set n 0 0 \(value.utf8.count)\r\n\(value)\r\nincr n 1\r\n") == "STORED\r\n" + nonNumeric,
                "value \(value)")
        }
    }

    @Test func wrapClampAndPadding() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("set n8 0 0 20\r\n18446744073709551615\r\nincr n8 1\r\nget n8\r\n")
                == "STORED\r\n0\r\nVALUE n8 0 20\r\n0                   \r\nEND\r\n")
        #expect(mc.send("set n9 0 0 1\r\n5\r\ndecr n9 10\r\n") == "STORED\r\n0\r\n")
        #expect(
            mc.send("set n10 0 0 3\r\n100\r\ndecr n10 1\r\nget n10\r\nincr n10 1\r\nget n10\r\n")
                == "STORED\r\n99\r\nVALUE n10 0 3\r\n99 \r\nEND\r\n100\r\nVALUE n10 0 3\r\n100\r\nEND\r\n")
        #expect(
            mc.send("set n11 0 0 2\r\n99\r\nincr n11 1\r\nget n11\r\n")
                == "STORED\r\n100\r\nVALUE n11 0 3\r\n100\r\nEND\r\n")
    }

    @Test func argumentErrors() throws {
        let mc = try SessionHarness()
        mc.send("set n 0 0 1\r\n1\r\n")
        #expect(mc.send("incr\r\nincr n\r\nincr n 1 2 3\r\n") == "ERROR\r\nERROR\r\nERROR\r\n")
        #expect(mc.send("incr n 1 2\r\n") == "2\r\n")
        let badDelta = "CLIENT_ERROR invalid numeric delta argument\r\n"
        #expect(mc.send("incr n abc\r\nincr n -1\r\ndecr n 18446744073709551616\r\n") == badDelta + badDelta + badDelta)
        #expect(mc.send("incr nokey 1\r\ndecr nokey 1\r\n") == "NOT_FOUND\r\nNOT_FOUND\r\n")
        let key251 = String(repeating: "k", count: 251)
        #expect(mc.send("incr \(key251) 1\r\n") == "CLIENT_ERROR bad command line format\r\n")
    }

    @Test func noreplyHidesResultsAndErrors() throws {
        let mc = try SessionHarness()
        mc.send("set n 0 0 1\r\n1\r\nset s 0 0 1\r\nx\r\n")
        #expect(
            mc.send(
                "incr n 5 noreply\r\ndecr n 1 noreply\r\nincr s 1 noreply\r\nincr n x noreply\r\nincr nokey 1 noreply\r\nget n\r\n"
            ) == "VALUE n 0 1\r\n5\r\nEND\r\n")
    }
}
