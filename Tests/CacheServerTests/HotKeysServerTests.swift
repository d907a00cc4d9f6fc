// Tests for the server's side of hot-key detection: the workers' recorders merged by
// `CacheServer.hotKeys(limit:)` (the query `watch hotkeys` polls), its threshold, and the hot-key family of
// the metrics endpoint.

import Testing

@testable import CacheServer

@Suite("Hot keys on a server", .serialized, .timeLimit(.minutes(1)))
struct HotKeysServerTests {
    @Test("off: no keys, no threshold, no metric family")
    func off() throws {
        let s = try TestServer()
        defer { s.stop() }
        let client = try TestClient(port: s.port)
        try client.send("get a\r\n")
        #expect(try client.read(until: "END\r\n") == "END\r\n")
        #expect(s.server.hotKeys(limit: 10).isEmpty)
        #expect(s.server.hotKeysThreshold == nil)
        #expect(s.server.hotKeyMetricFamilies().isEmpty)
    }

    @Test("on: keys from connections on different workers are merged, hottest first")
    func mergedOverWorkers() throws {
        let s = try TestServer {
            $0.hotKeys = true
            $0.hotKeysSample = 1
            $0.hotKeysThreshold = 500
        }
        defer { s.stop() }
        // The listener hands connections to the workers in turn: these two land on different ones.
        let first = try TestClient(port: s.port)
        let second = try TestClient(port: s.port)
        try first.send("get x x y\r\n")
        _ = try first.read(until: "END\r\n")
        try second.send("get x z\r\n")
        _ = try second.read(until: "END\r\n")
        let keys = s.server.hotKeys(limit: 10)
        let names = keys.map { String(decoding: $0.key, as: UTF8.self) }
        // y and z tie up to the few microseconds between the two workers' windows: either order.
        #expect(names.first == "x" && Set(names) == ["x", "y", "z"])
        // x: 2 requests on one worker, 1 on the other, summed. Each worker's rate divides by its own window's
        // age, which differ by the moments the two recorders started: 2 + (age A / age B) times y's rate,
        // so about 3 (not summing would give 2).
        #expect(keys.count == 3)
        if keys.count == 3 {
            let ratio = keys[0].rate / keys[1].rate
            #expect(ratio > 2.5 && ratio < 3.5, "x/y rate ratio \(ratio)")
        }
        #expect(s.server.hotKeys(limit: 1).count == 1)
        #expect(s.server.hotKeysThreshold == 500)
        let family = s.server.hotKeyMetricFamilies()
        #expect(family.first?.name == "swiftcached_hot_key_requests_per_second")
        #expect(family.first?.samples.first?.labels == [.init("key", "x")])
    }
}
