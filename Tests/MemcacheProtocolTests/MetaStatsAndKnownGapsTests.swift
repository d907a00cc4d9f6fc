// MetaStatsAndKnownGapsTests: how the meta commands count in `stats` (memcached 1.6.18: mg counts cmd_get and
// get_hits/get_misses, a vivifying miss counts as a hit, mg with T counts as a touch instead of a get, me
// counts only cmd_meta), and behaviours that once differed from memcached 1.6.18 (ma T on creation, the
// item's binary-key bit, ma after a pipelined mg).

import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("Meta stats and known gaps")
struct MetaStatsAndKnownGapsTests {
    @Test("mg counts cmd_get, get_hits and get_misses; a vivifying miss is a hit (P9)")
    func getCounters() throws {
        let server = try MetaTestServer()
        let client = server.connect()
        _ = client.send("mg nokey v\r\nmg stub v N30\r\nmg stub v\r\nms k 1\r\na\r\nmg k v\r\n")
        let stats = server.engine.statsSnapshot()
        #expect(stats.cmdGet == 4)
        #expect(stats.getMisses == 1)
        #expect(stats.getHits == 3)
    }

    @Test("mg with T counts a touch (cmd_touch, touch_hits) and not a get, as memcached does")
    func touchCounters() throws {
        let server = try MetaTestServer()
        let client = server.connect()
        _ = client.send("ms k 1\r\na\r\nmg k T30 v\r\n")
        let stats = server.engine.statsSnapshot()
        #expect(stats.cmdTouch == 1)
        #expect(stats.touchHits == 1)
        #expect(stats.cmdGet == 0)
        #expect(stats.getHits == 0)
        // A miss with T is a get miss, not a touch miss.
        _ = client.send("mg nokey T30\r\n")
        let after = server.engine.statsSnapshot()
        #expect(after.cmdGet == 1)
        #expect(after.getMisses == 1)
        #expect(after.touchMisses == 0)
        #expect(after.cmdTouch == 1)
    }

    @Test("me counts only cmd_meta and does not mark the item fetched")
    func debugCounters() throws {
        let server = try MetaTestServer()
        let client = server.connect()
        _ = client.send("ms e 1\r\nx\r\n")
        #expect(client.send("me e\r\n").contains("fetch=no"))
        #expect(client.send("me e\r\n").contains("fetch=no"))
        #expect(client.send("me none\r\n") == "EN\r\n")
        let stats = server.engine.statsSnapshot()
        #expect(stats.cmdMeta == 3)
        #expect(stats.cmdGet == 0)
        #expect(stats.getHits == 0)
        #expect(stats.getMisses == 0)
    }

    @Test("ma applies T after creating with N, in request order; creating is not an incr miss")
    func arithmeticVivifyThenTouch() throws {
        let server = try MetaTestServer()
        let client = server.connect()
        #expect(client.send("ma cnt N0 T60 t\r\n") == "HD t60\r\n")
        #expect(server.engine.statsSnapshot().incrMisses == 0)
        // t shows the TTL as N and T leave it at that point of the request; q still answers a creation.
        #expect(client.send("ma cnt2 t N0 T60\r\n") == "HD t-1\r\n")
        #expect(client.send("ma cnt4 t N30 T60\r\n") == "HD t-1\r\n")
        #expect(client.send("ma cnt5 N30 t\r\n") == "HD t30\r\n")
        #expect(client.send("mg cnt4 t\r\n") == "HD t60\r\n")
        #expect(client.send("ma cnt6 T60 N30 t\r\n") == "HD t30\r\n")
        #expect(client.send("mg cnt6 t\r\n") == "HD t30\r\n")
        #expect(client.send("ma cnt3 N0 J7 q v\r\n") == "VA 1\r\n7\r\n")
        #expect(client.send("ma cnt3 q v\r\nmn\r\n") == "MN\r\n")
    }

    @Test("ma after a pipelined mg of the same item writes a new item, as memcached does")
    func arithmeticAfterPipelinedGet() throws {
        let client = try MetaTestServer().connect()
        // Separate batches: in place, right-padded, the fetched bit kept.
        _ = client.send("ms n 2\r\n10\r\n")
        _ = client.send("mg n v\r\n")
        #expect(client.send("ma n MD\r\n") == "HD\r\n")
        #expect(client.send("mg n v\r\n") == "VA 2\r\n9 \r\n")
        // One batch: the mg's response still references the item, so the result is a new item.
        _ = client.send("ms m 2\r\n10\r\n")
        #expect(client.send("mg m v\r\nma m MD\r\n") == "VA 2\r\n10\r\nHD\r\n")
        #expect(client.send("mg m v\r\n") == "VA 1\r\n9\r\n")
        _ = client.send("ms f 1\r\n1\r\n")
        #expect(client.send("mg f T30\r\nma f\r\nme f\r\n").contains("fetch=no"))
    }

    @Test("an mg in one batch does not make ma copy in the next batch of the same length at the same address")
    func arithmeticAfterEqualLengthBatches() throws {
        let server = try MetaTestServer()
        let client = server.connect()
        _ = client.send("ms n 2\r\n10\r\n")
        // A connection's read buffer is reused from its start once drained, so two batches of equal length
        // sit at the same addresses. The first batch's mg reply has been sent before the second arrives.
        let first = Array("mg n v\r\nmd xy q\r\n".utf8)
        let second = Array("md x q\r\nma n MD\r\n".utf8)
        try #require(first.count == second.count)
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: first.count, alignment: 8)
        defer { input.deallocate() }
        var replies: [String] = []
        for batch in [first, second] {
            batch.withUnsafeBytes { input.copyMemory(from: $0) }
            let step = client.session.process(UnsafeRawBufferPointer(input), output: client.output, maxRequests: 20)
            #expect(step == SessionStep(consumed: batch.count, action: .needMoreData))
            replies.append(String(decoding: client.drain(), as: UTF8.self))
        }
        #expect(replies == ["VA 2\r\n10\r\nNF\r\n", "NF\r\nHD\r\n"])
        // In place, right-padded to the old length, as memcached 1.6.18 answers the same two batches.
        #expect(client.send("mg n v\r\n") == "VA 2\r\n9 \r\n")
    }

    @Test("the key echo follows the item's own binary-key bit, not the request's b")
    func binaryKeyBit() throws {
        let client = try MetaTestServer().connect()
        // Stubs vivified by mg are never marked binary in memcached, so a later `mg <b64> b k` echoes raw bytes.
        #expect(client.send("mg Zm9v b N30\r\n") == "HD W\r\n")
        #expect(client.send("mg Zm9v b k\r\n") == "HD kfoo Z\r\n")
        // An item stored with a base64 key echoes it base64 even to a request without b; me prints it
        // base64 without " b"; a classic set clears the bit; ma's k follows the request.
        _ = client.send("ms YmFy 1 b\r\n1\r\n")
        #expect(client.send("mg bar k\r\n") == "HD kYmFy b\r\n")
        #expect(client.send("me bar\r\n").hasPrefix("ME YmFy exp=-1 "))
        #expect(client.send("ma bar k\r\n") == "HD kbar\r\n")
        #expect(client.send("mg bar k\r\n") == "HD kYmFy b\r\n")
        _ = client.send("set bar 0 0 1\r\n1\r\n")
        #expect(client.send("mg bar k\r\n") == "HD kbar\r\n")
        // ma N does not mark a created counter binary, nor does an append result keep the bit.
        #expect(client.send("ma YmF6 b N0 k\r\n") == "HD kYmF6 b\r\n")
        #expect(client.send("mg baz k\r\n") == "HD kbaz\r\n")
        _ = client.send("ms cXV4 1 b\r\na\r\nms cXV4 1 b MA\r\nb\r\n")
        #expect(client.send("mg qux k v\r\n") == "VA 2 kqux\r\nab\r\n")
    }
}
