// MetaStatsAndKnownGapsTests: how the meta commands count in `stats` (memcached 1.6.18: mg counts cmd_get and
// get_hits/get_misses, a vivifying miss counts as a hit, mg with T counts as a touch instead of a get), and
// the places where swiftcached is known to differ from memcached 1.6.18, recorded as known issues so they
// show up (and start failing loudly once fixed) instead of being forgotten.

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
        withKnownIssue("the engine's metaAccess also counts the touched fetch as cmd_get/get_hits") {
            #expect(stats.cmdGet == 0)
            #expect(stats.getHits == 0)
        }
    }

    @Test("ma applies T after creating with N, in request order; creating is not an incr miss")
    func arithmeticVivifyThenTouch() throws {
        let server = try MetaTestServer()
        let client = server.connect()
        withKnownIssue("the engine's arithmetic ignores newExpiry when it vivifies") {
            #expect(client.send("ma cnt N0 T60 t\r\n") == "HD t60\r\n")
        }
        withKnownIssue("the engine counts incr_misses before vivifying") {
            #expect(server.engine.statsSnapshot().incrMisses == 0)
        }
    }

    @Test("the key echo follows the item's own binary-key bit, not the request's b")
    func binaryKeyBit() throws {
        let client = try MetaTestServer().connect()
        // Stubs vivified by mg are never marked binary in memcached, so a later `mg <b64> b k` echoes raw bytes.
        #expect(client.send("mg Zm9v b N30\r\n") == "HD W\r\n")
        withKnownIssue("items carry no binary-key bit in the engine; the request's b decides") {
            #expect(client.send("mg Zm9v b k\r\n") == "HD kfoo Z\r\n")
        }
    }
}
