// Tests for `watch` over sockets: the logger thread taking a connection from its worker, the streams
// reaching it from several workers at once, the counters, the watcher limit and closing. The byte-exact
// comparison with memcached is compat-tests/test_watch.py; these run under ThreadSanitizer too.

import Foundation
import Testing

@testable import CacheServer

@Suite("watch over sockets", .serialized, .timeLimit(.minutes(1)))
struct WatchTests {
    /// The stat `name` of `stats`, as a number.
    private func stat(_ client: TestClient, _ name: String) throws -> Int {
        try client.send("stats\r\n")
        let text = try client.read(until: "END\r\n")
        let line = text.split(separator: "\r\n").first { $0.hasPrefix("STAT \(name) ") }
        return line.flatMap { Int($0.split(separator: " ")[2]) } ?? -1
    }

    /// Reads whole lines from a watcher until `count` of them contain `marker`.
    private func lines(from watcher: TestClient, untilCountOf marker: String, reaches count: Int) throws -> [String] {
        var lines: [String] = []
        var found = 0
        while found < count {
            let chunk = try watcher.read(until: "\n", timeoutMs: 5_000)
            for line in chunk.split(separator: "\n") {
                lines.append(String(line))
                if line.contains(marker) { found += 1 }
            }
        }
        return lines
    }

    @Test("lines from clients on both workers reach two watchers; counters and curr_connections follow")
    func streamsFromSeveralWorkers() throws {
        let s = try TestServer()
        defer { s.stop() }
        let fetchers = try TestClient(port: s.port)
        try fetchers.send("watch fetchers\r\n")
        #expect(try fetchers.read(until: "OK\r\n") == "OK\r\n")
        let everything = try TestClient(port: s.port)
        try everything.send("watch fetchers mutations connevents\r\n")
        #expect(try everything.read(until: "OK\r\n") == "OK\r\n")

        let clients = try (0..<4).map { _ in try TestClient(port: s.port) }
        for (index, client) in clients.enumerated() {
            for round in 0..<50 {
                try client.send("set k\(index)-\(round) 0 0 1\r\nv\r\nget k\(index)-\(round)\r\n")
                _ = try client.read(until: "END\r\n")
            }
        }
        // 4 x 50 x (set's own lookup + get) item_get lines; the second watcher also gets 200 item_store
        // lines and a conn_new per client.
        let seen = try lines(from: fetchers, untilCountOf: "type=item_get", reaches: 400)
        #expect(seen.allSatisfy { $0.contains(" type=item_get key=k") })
        #expect(seen.filter { $0.contains("key=k3-49 status=found clsid=1 ") && $0.hasSuffix(" size=1") }.count == 1)
        let all = try lines(from: everything, untilCountOf: " type=item_", reaches: 600)
        #expect(all.filter { $0.contains(" type=conn_new ") }.count == 4)
        #expect(all.filter { $0.contains(" type=item_get ") }.count == 400)
        #expect(all.filter { $0.contains(" type=item_store ") && $0.contains(" status=stored cmd=set ") }.count == 200)

        let probe = clients[0]
        #expect(try stat(probe, "log_watchers") == 2)
        #expect(try stat(probe, "log_watcher_sent") >= 400 + 600)
        #expect(try stat(probe, "log_worker_written") >= 600)
        #expect(try stat(probe, "log_worker_dropped") == 0)
        // `stats reset` clears the log_* counters, not the watcher count (as memcached's).
        try probe.send("stats reset\r\n")
        #expect(try probe.read(until: "\r\n") == "RESET\r\n")
        #expect(try stat(probe, "log_worker_written") == 0)
        #expect(try stat(probe, "log_watchers") == 2)
        // Watchers are still connections until they close.
        let connected = try stat(probe, "curr_connections")

        shutdown(fetchers.fd, Int32(SHUT_RDWR))
        shutdown(everything.fd, Int32(SHUT_RDWR))
        // The logger notices the hang-ups (lazily) and gives the connections back.
        var watchers = 2
        for _ in 0..<50 where watchers != 0 {
            Thread.sleep(forTimeInterval: 0.1)
            watchers = try stat(probe, "log_watchers")
        }
        #expect(watchers == 0)
        #expect(try stat(probe, "curr_connections") == connected - 2)
    }

    @Test("the 21st watcher is refused with memcached's reply and stays a normal connection")
    func watcherLimit() throws {
        let s = try TestServer()
        defer { s.stop() }
        var watchers: [TestClient] = []
        for _ in 0..<20 {
            let watcher = try TestClient(port: s.port)
            try watcher.send("watch\r\n")
            #expect(try watcher.read(until: "OK\r\n") == "OK\r\n")
            watchers.append(watcher)
        }
        let extra = try TestClient(port: s.port)
        try extra.send("watch mutations\r\n")
        #expect(try extra.read(until: "\r\n") == "WATCHER_TOO_MANY log watcher limit reached\r\n")
        try extra.send("version\r\n")
        #expect(try extra.read(until: "\r\n") == "VERSION 1.6.18\r\n")
        #expect(try stat(extra, "log_watchers") == 20)
    }

    @Test("the server stops with watchers connected, closing them")
    func stopClosesWatchers() throws {
        let s = try TestServer()
        let watcher = try TestClient(port: s.port)
        try watcher.send("watch fetchers evictions sysevents\r\n")
        #expect(try watcher.read(until: "OK\r\n") == "OK\r\n")
        s.stop()
        #expect(try watcher.waitForClose())
    }
}
