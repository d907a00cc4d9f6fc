// SlabsCommandTests: `slabs reassign` and `slabs automove` against the engine's page mover, with memcached
// 1.6.18's reply bytes, and the mover's `stats` lines.

import CacheEngine
import Testing

@testable import MemcacheProtocol

private func statValues(_ reply: String) -> [String: String] {
    var values: [String: String] = [:]
    for line in reply.split(separator: "\r\n") {
        let parts = line.split(separator: " ", maxSplits: 2)
        if parts.count == 3 && parts[0] == "STAT" { values[String(parts[1])] = String(parts[2]) }
    }
    return values
}

@Suite("Slabs commands")
struct SlabsCommandTests {
    /// Class ids and pages of the 100-byte values stored by `fill`.
    func fill(_ mc: SessionHarness, count: Int) -> Int {
        let value = String(repeating: "v", count: 100)
        var input = ""
        for index in 0..<count { input += "set key\(100_000 + index) 0 0 100 noreply\r\n\(value)\r\n" }
        #expect(mc.send(input) == "")
        return mc.engine.slabStats().max { $0.totalPages < $1.totalPages }!.id
    }

    @Test func reassignMovesAPageAndStatsShowIt() throws {
        let mc = try SessionHarness()
        let source = fill(mc, count: 20_000)
        let pages = mc.engine.slabStats().first { $0.id == source }!.totalPages
        #expect(pages >= 2)
        #expect(mc.send("slabs reassign \(source) 0\r\n") == "OK\r\n")
        mc.engine.waitForPageMoverIdle()
        var stats = statValues(mc.send("stats\r\n"))
        #expect(stats["slabs_moved"] == "1")
        #expect(stats["slab_global_page_pool"] == "1")
        #expect(stats["slab_reassign_running"] == "0")
        #expect(stats["slab_reassign_evictions_nomem"].flatMap { UInt64($0) } ?? 0 > 0)
        let slabs = statValues(mc.send("stats slabs\r\n"))
        #expect(slabs["\(source):total_pages"] == String(pages - 1))
        // From the pool (it needs two pages), then to a class.
        #expect(mc.send("slabs reassign 0 \(source)\r\n") == "NOSPARE source class has no spare pages\r\n")
        #expect(mc.send("slabs reassign \(source) 0\r\n") == "OK\r\n")
        mc.engine.waitForPageMoverIdle()
        #expect(mc.send("slabs reassign 0 \(source + 1)\r\n") == "OK\r\n")
        mc.engine.waitForPageMoverIdle()
        stats = statValues(mc.send("stats\r\n"))
        #expect(stats["slabs_moved"] == "3")
        #expect(stats["slab_global_page_pool"] == "1")
        #expect(mc.send("stats reset\r\n") == "RESET\r\n")
        stats = statValues(mc.send("stats\r\n"))
        #expect(stats["slabs_moved"] == "0")
        #expect(stats["slab_reassign_evictions_nomem"] == "0")
        #expect(stats["slab_global_page_pool"] == "1")
    }

    /// A second request while a page is being drained (here: pipelined behind the first, which has a
    /// 1 MiB page of items to move) answers BUSY, also when it would be SAME.
    @Test func busyWhileAMoveRuns() throws {
        let mc = try SessionHarness()
        let source = fill(mc, count: 20_000)
        #expect(
            mc.send("slabs reassign \(source) 0\r\nslabs reassign \(source) 0\r\nslabs reassign 4 4\r\n")
                == "OK\r\nBUSY currently processing reassign request\r\nBUSY currently processing reassign request\r\n")
        mc.engine.waitForPageMoverIdle()
        #expect(mc.send("slabs reassign 4 4\r\n") == "SAME src and dst class are identical\r\n")
    }

    @Test func replyCodes() throws {
        let mc = try SessionHarness()
        let source = fill(mc, count: 20_000)
        let largest = mc.engine.slabClassInfo().last!.id
        #expect(
            mc.send(
                "slabs reassign -1 -1\r\nslabs reassign 99 99\r\nslabs reassign 99 4\r\n"
                    + "slabs reassign 4 \(largest + 1)\r\nslabs reassign 4 64\r\nslabs reassign 4 -1\r\nslabs reassign -2 15\r\nslabs reassign 0 4\r\n"
                    + "slabs reassign \(source + 1) \(source)\r\nslabs reassign x y\r\nslabs reassign 1\r\n"
                    + "slabs reassign 1 2 3\r\n")
                == "SAME src and dst class are identical\r\nSAME src and dst class are identical\r\n"
                + "BADCLASS invalid src or dst class id\r\nBADCLASS invalid src or dst class id\r\n"
                + "BADCLASS invalid src or dst class id\r\nBADCLASS invalid src or dst class id\r\n"
                + "BADCLASS invalid src or dst class id\r\nNOSPARE source class has no spare pages\r\n"
                + "NOSPARE source class has no spare pages\r\nCLIENT_ERROR bad command line format\r\nERROR\r\n"
                + "ERROR\r\n")
        #expect(mc.send("slabs reassign -1 \(largest)\r\n") == "OK\r\n")
        mc.engine.waitForPageMoverIdle()
        #expect(mc.engine.slabStats().first { $0.id == largest }?.totalPages == 1)
    }

    @Test func disabledByConfiguration() throws {
        var configuration = EngineConfiguration()
        configuration.slabReassign = false
        let mc = try SessionHarness(configuration: configuration)
        #expect(mc.send("slabs reassign 1 2\r\n") == "CLIENT_ERROR slab reassignment disabled\r\n")
        // memcached still takes automove changes.
        #expect(mc.send("slabs automove 2\r\n") == "OK\r\n")
        #expect(mc.engine.slabAutomove == 2)
    }

    @Test func automoveChangesTheEngine() throws {
        let mc = try SessionHarness()
        #expect(mc.engine.slabAutomove == 1)
        #expect(mc.engine.slabAutomoveRatio == 0.8)
        #expect(mc.send("slabs automove 0\r\n") == "OK\r\n")
        #expect(mc.engine.slabAutomove == 0)
        #expect(mc.send("slabs automove 2 noreply\r\n") == "")
        #expect(mc.engine.slabAutomove == 2)
        #expect(
            mc.send("slabs automove 3\r\nslabs automove x\r\nslabs automove -1\r\n")
                == "ERROR\r\nCLIENT_ERROR bad command line format\r\nCLIENT_ERROR bad command line format\r\n")
        #expect(mc.engine.slabAutomove == 2)
        #expect(mc.send("slabs automove ratio 0.5\r\nslabs automove ratio x\r\n") == "OK\r\nERROR\r\n")
        #expect(mc.engine.slabAutomoveRatio == 0.5)
    }
}

@Suite("Slabs stats without reassignment")
struct SlabsStatsWithoutReassignTests {
    /// memcached leaves the mover's lines out of `stats` when slab_reassign is off.
    @Test func moverLinesLeftOut() throws {
        var configuration = EngineConfiguration()
        configuration.slabReassign = false
        let mc = try SessionHarness(configuration: configuration)
        let stats = statValues(mc.send("stats\r\n"))
        #expect(stats["slabs_moved"] == nil)
        #expect(stats["slab_reassign_rescues"] == nil)
        #expect(stats["slab_reassign_running"] == nil)
        #expect(stats["slab_global_page_pool"] == "0")
    }
}
