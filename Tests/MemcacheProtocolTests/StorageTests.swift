// Transcript tests for set/add/replace/append/prepend/cas, including memcached 1.6.18's error paths.

import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("Storage")
struct StorageTests {
    @Test func storeReplies() throws {
        let mc = try SessionHarness()
        #expect(mc.send("add s1 0 0 1\r\na\r\nadd s1 0 0 1\r\nb\r\n") == "STORED\r\nNOT_STORED\r\n")
        #expect(
            mc.send("replace nos 0 0 1\r\na\r\nappend nos 0 0 1\r\na\r\nprepend nos 0 0 1\r\na\r\n")
                == "NOT_STORED\r\nNOT_STORED\r\nNOT_STORED\r\n")
        #expect(mc.send("replace s1 4 0 1\r\nr\r\nget s1\r\n") == "STORED\r\nVALUE s1 4 1\r\nr\r\nEND\r\n")
    }

    @Test func appendPrependKeepFlags() throws {
        let mc = try SessionHarness()
        mc.send("set s1 0 0 1\r\na\r\n")
        #expect(
            mc.send("append s1 5 5 1\r\nb\r\nprepend s1 7 0 1\r\nc\r\nget s1\r\n")
                == "STORED\r\nSTORED\r\nVALUE s1 0 3\r\ncab\r\nEND\r\n")
    }

    @Test func casReplies() throws {
        let mc = try SessionHarness()
        #expect(mc.send("cas nokey 0 0 1 1\r\na\r\n") == "NOT_FOUND\r\n")
        mc.send("set c1 0 0 1\r\na\r\n")
        let gets = mc.send("gets c1\r\n")
        let cas = casField(ofGetsReply: gets)
        #expect(UInt64(cas) != nil)
        #expect(mc.send("cas c1 0 0 1 999999\r\nb\r\n") == "EXISTS\r\n")
        #expect(mc.send("cas c1 0 0 1 0\r\nb\r\n") == "EXISTS\r\n")
        #expect(mc.send("cas c1 0 0 1 \(cas)\r\nb\r\n") == "STORED\r\n")
        #expect(mc.send("cas c1 0 0 1 \(cas)\r\nc\r\n") == "EXISTS\r\n")
        #expect(mc.send("get c1\r\n") == "VALUE c1 0 1\r\nb\r\nEND\r\n")
        #expect(mc.send("cas c1 0 0 1 abc\r\nb\r\n") == "CLIENT_ERROR bad command line format\r\nERROR\r\n")
        #expect(mc.send("cas c1 0 0 1 1 noreply\r\nb\r\nversion\r\n") == "VERSION 1.6.18\r\n")
    }

    @Test func arityErrors() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set k 0 0\r\n") == "ERROR\r\n")
        #expect(mc.send("set\r\n") == "ERROR\r\n")
        #expect(mc.send("cas k 0 0 1\r\n") == "ERROR\r\n")
        #expect(mc.send("set x 0 0 1 noreply extra\r\na\r\n") == "ERROR\r\nERROR\r\n")
        #expect(mc.send("set x 0 0 1 bogus\r\na\r\n") == "STORED\r\n")
    }

    @Test func badNumbersDoNotSwallowTheData() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set k 0 0 -1\r\n") == "CLIENT_ERROR bad command line format\r\n")
        #expect(mc.send("set f1 -1 0 1\r\na\r\n") == "CLIENT_ERROR bad command line format\r\nERROR\r\n")
        #expect(
            mc.send("set f1 18446744073709551616 0 1\r\na\r\n") == "CLIENT_ERROR bad command line format\r\nERROR\r\n")
        #expect(mc.send("set f1 0 abc 1\r\na\r\n") == "CLIENT_ERROR bad command line format\r\nERROR\r\n")
        #expect(mc.send("set f1 0 0 2147483647\r\n") == "CLIENT_ERROR bad command line format\r\n")
    }

    @Test func numberQuirksOf1_6_18() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set f1 4294967296 0 1\r\na\r\nget f1\r\n") == "STORED\r\nVALUE f1 0 1\r\na\r\nEND\r\n")
        #expect(
            mc.send("set f2 4294967295 0 1\r\na\r\nget f2\r\n") == "STORED\r\nVALUE f2 4294967295 1\r\na\r\nEND\r\n")
        // The length is truncated to 32 bits too: 4294967297 means 1.
        #expect(mc.send("set f3 0 0 4294967297\r\na\r\nget f3\r\n") == "STORED\r\nVALUE f3 0 1\r\na\r\nEND\r\n")
        #expect(mc.send("set f4 +5 0 +1\r\na\r\nget f4\r\n") == "STORED\r\nVALUE f4 5 1\r\na\r\nEND\r\n")
        #expect(mc.send("set f5 0\t 0 1\t\r\na\r\nget f5\r\n") == "STORED\r\nVALUE f5 0 1\r\na\r\nEND\r\n")
    }

    @Test func keyTooLongIsNotSwallowed() throws {
        let mc = try SessionHarness()
        let key251 = String(repeating: "k", count: 251)
        #expect(mc.send("set \(key251) 0 0 1\r\na\r\n") == "CLIENT_ERROR bad command line format\r\nERROR\r\n")
        #expect(mc.send("set \(key251) 0 0 1 noreply\r\na\r\n") == "ERROR\r\n")
    }

    @Test func badDataChunk() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set bd 0 0 3\r\nabcdef\r\n") == "CLIENT_ERROR bad data chunk\r\nERROR\r\n")
        #expect(mc.send("get bd\r\n") == "END\r\n")
        #expect(mc.send("set bd 0 0 3 noreply\r\nabcdef\r\n") == "ERROR\r\n")
        // "\n" alone does not end a data block.
        #expect(
            mc.send("set bd 0 0 1\r\na\nset x 0 0 1\r\nb\r\n") == "CLIENT_ERROR bad data chunk\r\nERROR\r\nERROR\r\n")
    }

    @Test func shortBlockWaitsForMore() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set w 0 0 5\r\nab") == "")
        #expect(mc.send("cde") == "")
        #expect(mc.send("\r") == "")
        #expect(mc.send("\nget w\r\n") == "STORED\r\nVALUE w 0 5\r\nabcde\r\nEND\r\n")
    }

    @Test func tooLargeCountsAndUnlinksLikeMemcached() throws {
        let mc = try SessionHarness()
        let big = String(repeating: "a", count: 2_000_000)
        // add (like cas, replace, append, prepend) leaves the old item; set unlinks it. Neither is a delete.
        #expect(
            mc.send("set k 0 0 1\r\nx\r\nadd k 0 0 2000000\r\n\(big)\r\nget k\r\n")
                == "STORED\r\nSERVER_ERROR object too large for cache\r\nVALUE k 0 1\r\nx\r\nEND\r\n")
        #expect(
            mc.send("set k 0 0 2000000\r\n\(big)\r\nget k\r\n")
                == "SERVER_ERROR object too large for cache\r\nEND\r\n")
        let stats = mc.engine.statsSnapshot()
        #expect(stats.storeTooLarge == 2)
        #expect(stats.deleteHits == 0 && stats.deleteMisses == 0)
    }

    @Test func tooLargeIsSwallowed() throws {
        let mc = try SessionHarness()
        let big = String(repeating: "a", count: 2_000_000)
        #expect(
            mc.send("set big 0 0 2000000\r\n\(big)\r\nversion\r\n")
                == "SERVER_ERROR object too large for cache\r\nVERSION 1.6.18\r\n")
        #expect(mc.send("set big 0 0 2000000 noreply\r\n\(big)\r\nversion\r\n") == "VERSION 1.6.18\r\n")
        // The swallow continues across reads.
        #expect(mc.send("set big 0 0 1048576\r\nabc") == "SERVER_ERROR object too large for cache\r\n")
        #expect(mc.pending.isEmpty)
        #expect(mc.send(String(repeating: "b", count: 1_048_573) + "\r\nversion\r\n") == "VERSION 1.6.18\r\n")
    }

    @Test func tooLargeBoundaryMatchesMemcached() throws {
        // Item header 48 + CAS 8 + key and NUL + data and CRLF (+ 4 for non-zero flags) must fit in 1 MiB.
        let mc = try SessionHarness()
        for (flags, length, expected) in [
            (0, 1_048_516, "STORED\r\n"), (0, 1_048_517, "SERVER_ERROR object too large for cache\r\n"),
            (1, 1_048_512, "STORED\r\n"), (1, 1_048_513, "SERVER_ERROR object too large for cache\r\n"),
        ] {
            let value = String(repeating: "v", count: length)
            #expect(
                mc.send("set k \(flags) 0 \(length)\r\n\(value)\r\n") == expected, "flags \(flags) length \(length)")
        }
    }

    @Test func tooLargeSetRemovesOldValue() throws {
        let mc = try SessionHarness()
        mc.send("set k 0 0 1\r\na\r\nadd k2 0 0 1\r\na\r\n")
        let big = String(repeating: "a", count: 1_048_600)
        mc.send("set k 0 0 1048600\r\n\(big)\r\nadd k2 0 0 1048600\r\n\(big)\r\n")
        #expect(mc.send("get k k2\r\n") == "VALUE k2 0 1\r\na\r\nEND\r\n")
    }

    @Test func expiryRules() throws {
        let mc = try SessionHarness()
        #expect(mc.send("set e_neg 0 -1 1\r\na\r\nget e_neg\r\n") == "STORED\r\nEND\r\n")
        #expect(mc.send("set e2 0 2592001 1\r\na\r\nget e2\r\n") == "STORED\r\nEND\r\n")
        #expect(mc.send("set e3 0 4294967296 1\r\na\r\nget e3\r\n") == "STORED\r\nVALUE e3 0 1\r\na\r\nEND\r\n")
        #expect(mc.send("set e4 0 2147483648 1\r\na\r\nget e4\r\n") == "STORED\r\nEND\r\n")
        #expect(mc.send("set e5 0 2592000 1\r\na\r\nget e5\r\n") == "STORED\r\nVALUE e5 0 1\r\na\r\nEND\r\n")
        let future = SessionHarness.startTime + 100
        #expect(mc.send("set e6 0 \(future) 1\r\na\r\nget e6\r\n") == "STORED\r\nVALUE e6 0 1\r\na\r\nEND\r\n")
        mc.clock.advance(by: 101)
        #expect(mc.send("get e6 e5\r\n") == "VALUE e5 0 1\r\na\r\nEND\r\n")
        #expect(mc.send("set e7 0 5 1\r\na\r\n") == "STORED\r\n")
        mc.clock.advance(by: 6)
        #expect(mc.send("get e7\r\n") == "END\r\n")
    }

    @Test func noreplySuppressesReplies() throws {
        let mc = try SessionHarness()
        let sent =
            "set a 0 0 1 noreply\r\na\r\nadd a 0 0 1 noreply\r\nb\r\nreplace a 0 0 1 noreply\r\nc\r\n"
            + "append a 0 0 1 noreply\r\nd\r\nprepend a 0 0 1 noreply\r\ne\r\ncas a 0 0 1 1 noreply\r\nf\r\n"
            + "cas nokey 0 0 1 1 noreply\r\nf\r\nget a\r\n"
        #expect(mc.send(sent) == "VALUE a 0 3\r\necd\r\nEND\r\n")
    }
}

@Suite("Storage without evictions")
struct OutOfMemoryTests {
    @Test func outOfMemoryKeepsTheConnectionInSync() throws {
        var configuration = EngineConfiguration()
        configuration.memoryLimit = 2 << 20
        configuration.evictionsEnabled = false
        let mc = try SessionHarness(configuration: configuration)
        let value = String(repeating: "v", count: 100_000)
        var replies: [String] = []
        for index in 0..<40 {
            replies.append(mc.send("set big\(index) 0 0 100000\r\n\(value)\r\nversion\r\n"))
        }
        let failure = "SERVER_ERROR out of memory storing object\r\nVERSION 1.6.18\r\n"
        #expect(replies.first == "STORED\r\nVERSION 1.6.18\r\n")
        #expect(replies.last == failure)
        #expect(replies.allSatisfy { $0 == "STORED\r\nVERSION 1.6.18\r\n" || $0 == failure })
        #expect(mc.send("set big0 0 0 1 noreply\r\nx\r\nget nokey\r\n").hasSuffix("END\r\n"))
    }
}

@Suite("Storage with CAS disabled")
struct CASDisabledTests {
    @Test func getsReportsZeroAndItemsMayBeEightBytesBigger() throws {
        var configuration = EngineConfiguration()
        configuration.casEnabled = false
        let mc = try SessionHarness(configuration: configuration)
        #expect(mc.send("set a 0 0 1\r\nx\r\ngets a\r\n") == "STORED\r\nVALUE a 0 1 0\r\nx\r\nEND\r\n")
        let fits = String(repeating: "v", count: 1_048_524)
        // memcached 1.6.18 -C stores this (no 8-byte CAS in the item). The engine still counts the CAS
        // bytes in its own size check; remove the known-issue wrapper once it no longer does.
        withKnownIssue("engine counts 8 CAS bytes even with CAS disabled", isIntermittent: true) {
            #expect(mc.send("set k 0 0 1048524\r\n\(fits)\r\n") == "STORED\r\n")
        }
        #expect(mc.send("set k 0 0 1048525\r\n\(fits)v\r\n") == "SERVER_ERROR object too large for cache\r\n")
    }
}
