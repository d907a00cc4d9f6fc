// Transcript tests for delete and touch.

import Testing

@testable import MemcacheProtocol

@Suite("Delete and touch")
struct DeletionTests {
    @Test func deleteForms() throws {
        let mc = try SessionHarness()
        let usage = "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"
        mc.send("set x 0 0 1\r\na\r\n")
        #expect(mc.send("delete x 0\r\n") == "DELETED\r\n")
        #expect(mc.send("delete x\r\n") == "NOT_FOUND\r\n")
        #expect(mc.send("delete x 5\r\n") == usage)
        #expect(mc.send("delete x 0 0\r\n") == usage)
        #expect(mc.send("delete x noreply\r\ndelete x 0 noreply\r\ndelete x 5 noreply\r\n") == "")
        #expect(mc.send("delete\r\ndelete a 0 noreply b\r\n") == "ERROR\r\nERROR\r\n")
        let key251 = String(repeating: "k", count: 251)
        #expect(
            mc.send("delete \(key251)\r\ndelete \(key251) noreply\r\n") == "CLIENT_ERROR bad command line format\r\n")
        mc.send("set y 0 0 1\r\na\r\n")
        #expect(mc.send("delete y noreply\r\nget y\r\n") == "END\r\n")
    }

    @Test func touchForms() throws {
        let mc = try SessionHarness()
        mc.send("set t 0 0 1\r\na\r\n")
        let casBefore = mc.send("gets t\r\n")
        #expect(mc.send("touch t 10\r\n") == "TOUCHED\r\n")
        #expect(mc.send("gets t\r\n") == casBefore)
        #expect(mc.send("touch nokey 10\r\n") == "NOT_FOUND\r\n")
        #expect(mc.send("touch t\r\n") == "ERROR\r\n")
        #expect(mc.send("touch t abc\r\n") == "CLIENT_ERROR invalid exptime argument\r\n")
        #expect(mc.send("touch t 10 noreply\r\ntouch t abc noreply\r\n") == "")
        mc.clock.advance(by: 11)
        #expect(mc.send("get t\r\n") == "END\r\n")
        mc.send("set t2 0 0 1\r\na\r\n")
        #expect(mc.send("touch t2 -1\r\nget t2\r\n") == "TOUCHED\r\nEND\r\n")
    }
}
