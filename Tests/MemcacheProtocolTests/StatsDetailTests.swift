// `stats detail` through the protocol: which commands count what (memcached's stats_prefix rules), the
// dump format and order, on/off/dump replies, -D's delimiter, stats reset, and split feeds counting once.

import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("Stats detail")
struct StatsDetailTests {
    /// The scenario of memcached 1.6.18's capture: meta commands, incr and touch are not counted, keys
    /// without the delimiter are not tracked, a delete miss counts as del.
    @Test func countsLikeMemcached() throws {
        let mc = try SessionHarness()
        #expect(mc.send("stats detail dump\r\n") == "END\r\n")
        #expect(mc.send("stats detail on\r\n") == "OK\r\n")
        #expect(mc.engine.prefixStatistics.isEnabled)
        mc.send("set foo:1 0 0 1\r\na\r\nset bar:2 0 0 1\r\n5\r\nset nokey 0 0 1\r\nc\r\n")
        mc.send("get foo:1\r\nget foo:1 bar:2 nokey foo:missing\r\nget bar:missing\r\n")
        mc.send("delete foo:1\r\ndelete nokey\r\ndelete bar:zzz\r\n")
        mc.send("incr bar:2 1\r\ndecr bar:2 1\r\ntouch bar:2 0\r\nmg foo:x v\r\nms foo:y 1\r\nb\r\nmd foo:y\r\n")
        mc.send("gets bar:2\r\n")
        #expect(
            mc.send("stats detail dump\r\n")
                == "PREFIX foo get 3 hit 2 set 1 del 1\r\nPREFIX bar get 3 hit 2 set 1 del 1\r\nEND\r\n")
        // Off keeps the counters, still dumps them, and stops counting.
        #expect(mc.send("stats detail off\r\n") == "OK\r\n")
        mc.send("get foo:1\r\nset foo:2 0 0 1\r\nx\r\ndelete foo:2\r\n")
        #expect(
            mc.send("stats detail dump\r\n")
                == "PREFIX foo get 3 hit 2 set 1 del 1\r\nPREFIX bar get 3 hit 2 set 1 del 1\r\nEND\r\n")
        #expect(!mc.engine.prefixStatistics.isEnabled)
    }

    @Test func everyRetrievalAndStorageCommandCounts() throws {
        let mc = try SessionHarness()
        mc.send("stats detail on\r\n")
        mc.send("set p:a 0 0 1\r\n1\r\n")
        mc.send("gat 0 p:a p:b\r\ngats 0 p:a\r\nbget p:c\r\n")
        mc.send("add p:a 0 0 1\r\nx\r\nreplace p:q 0 0 1\r\nx\r\nappend p:q 0 0 1\r\nx\r\n")
        mc.send("prepend p:a 0 0 1\r\nx\r\ncas p:a 0 0 1 999\r\nx\r\ndelete p:a 0\r\n")
        #expect(mc.send("stats detail dump\r\n") == "PREFIX p get 4 hit 2 set 6 del 1\r\nEND\r\n")
    }

    /// Counted before allocation: a store refused as too large or with a bad data chunk counts; a bad
    /// command line (long key, bad number, bad delete argument) does not.
    @Test func failedStoresCountButBadCommandLinesDoNot() throws {
        let mc = try SessionHarness()
        mc.send("stats detail on\r\n")
        let big = String(repeating: "x", count: 1_100_000)
        #expect(mc.send("set big:1 0 0 1100000\r\n\(big)\r\n") == "SERVER_ERROR object too large for cache\r\n")
        #expect(mc.send("set bad:1 0 0 1\r\nxyz\r\n") == "CLIENT_ERROR bad data chunk\r\nERROR\r\n")
        mc.send("set ok:\(String(repeating: "k", count: 250)) 0 0 1\r\nx\r\n")
        mc.send("set ok:1 0 0 x\r\ndelete ok:2 5\r\nincr ok:3 1\r\ntouch ok:4 1\r\n")
        #expect(
            mc.send("stats detail dump\r\n")
                == "PREFIX bad get 0 hit 0 set 1 del 0\r\nPREFIX big get 0 hit 0 set 1 del 0\r\nEND\r\n")
    }

    /// A store whose data block arrives in pieces is handled once, so it counts once.
    @Test func splitFeedCountsOnce() throws {
        let mc = try SessionHarness()
        mc.send("stats detail on\r\n")
        for byte in bytes("set s:1 0 0 5\r\nhello\r\nget s:1\r\ndelete s:1\r\n") { mc.feed([byte]) }
        #expect(mc.send("stats detail dump\r\n") == "PREFIX s get 1 hit 1 set 1 del 1\r\nEND\r\n")
    }

    @Test func delimiterCutsAtFirstAndLeadingGivesEmptyPrefix() throws {
        let mc = try SessionHarness()
        mc.engine.prefixStatistics.configure(delimiter: UInt8(ascii: "/"), enabled: true, hash: .murmur3)
        mc.send("set foo/1 0 0 1\r\na\r\nset foo:1 0 0 1\r\na\r\nset a/b/c 0 0 1\r\na\r\nset /lead 0 0 1\r\na\r\n")
        mc.send("get foo/1 foo:1 a/b/c /lead\r\n")
        // memcached 1.6.18's order for these three prefixes (murmur3 buckets 0, ..., newest first).
        #expect(
            mc.send("stats detail dump\r\n")
                == "PREFIX  get 1 hit 1 set 1 del 0\r\nPREFIX foo get 1 hit 1 set 1 del 0\r\n"
                + "PREFIX a get 1 hit 1 set 1 del 0\r\nEND\r\n")
    }

    @Test func statsResetForgetsPrefixes() throws {
        let mc = try SessionHarness()
        mc.send("stats detail on\r\nset r:1 0 0 1\r\na\r\n")
        #expect(mc.send("stats reset\r\n") == "RESET\r\n")
        #expect(mc.send("stats detail dump\r\n") == "END\r\n")
        #expect(mc.engine.prefixStatistics.isEnabled)
        mc.send("get r:1\r\n")
        #expect(mc.send("stats detail dump\r\n") == "PREFIX r get 1 hit 1 set 0 del 0\r\nEND\r\n")
    }

    @Test func usageReplies() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("stats detail\r\nstats detail foo\r\nstats detail on extra\r\nstats detail dump extra\r\n")
                == "CLIENT_ERROR usage: stats detail on|off|dump\r\nCLIENT_ERROR usage: stats detail on|off|dump\r\n"
                + "OK\r\nEND\r\n")
        #expect(mc.engine.prefixStatistics.isEnabled)
    }
}
