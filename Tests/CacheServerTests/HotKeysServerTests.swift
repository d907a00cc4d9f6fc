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
        // x: 2 requests on y's worker and 1 on z's, summed. Each worker's rate divides by its own window's
        // age, so x's rate is exactly 2 x y's + z's (not summing would give 2 x y's), whatever the ages.
        let rate = Dictionary(uniqueKeysWithValues: zip(names, keys.map(\.rate)))
        if let x = rate["x"], let y = rate["y"], let z = rate["z"] {
            #expect(abs(x - (2 * y + z)) < x * 0.01, "x \(x), y \(y), z \(z)")
        }
        #expect(s.server.hotKeys(limit: 1).count == 1)
        #expect(s.server.hotKeysThreshold == 500)
        let family = s.server.hotKeyMetricFamilies()
        #expect(family.first?.name == "swiftcached_hot_key_requests_per_second")
        #expect(family.first?.samples.first?.labels == [.init("key", "x")])
    }
}
