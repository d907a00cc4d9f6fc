// End-to-end tests of CacheServer over real sockets on 127.0.0.1: round trips, pipelining, large values,
// many connections, slow readers, the connection limit, idle timeout, fairness, UDP, the unix socket and
// stopping. Every read has a deadline and every test a time limit.
import Testing

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("CacheServer over sockets", .serialized, .timeLimit(.minutes(1)))
struct ServerTests {
    @Test("set then get round trip")
    func setGetRoundTrip() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send("set greeting 5 0 5\r\nhello\r\n")
        #expect(try c.read(until: "\r\n") == "STORED\r\n")
        try c.send("get greeting\r\n")
        #expect(try c.read(until: "END\r\n") == "VALUE greeting 5 5\r\nhello\r\nEND\r\n")
        try c.send("version\r\n")
        #expect(try c.read(until: "\r\n") == "VERSION \(CacheServer.defaultVersion)\r\n")
    }

    @Test("10,000 pipelined requests in one burst are answered in order")
    func pipelining() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        var request = ""
        var expected = ""
        for i in 0..<5_000 {
            request += "set k\(i) 0 0 \(String(i).utf8.count)\r\n\(i)\r\n"
            expected += "STORED\r\n"
        }
        for i in 0..<5_000 {
            request += "get k\(i)\r\n"
            expected += "VALUE k\(i) 0 \(String(i).utf8.count)\r\n\(i)\r\nEND\r\n"
        }
        try c.send(request)
        let got = try c.read(count: expected.utf8.count)
        #expect(String(decoding: got, as: UTF8.self) == expected)
        // -R 20: the burst must have yielded many times.
        let yields = s.server.workers.reduce(0) { $0 + $1.counters.connYields.load(ordering: .relaxed) }
        #expect(yields > 0)
    }

    @Test("a value near the item size limit round-trips; the read buffer shrinks back")
    func largeValue() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        let size = 1_000_000
        var value = [UInt8](repeating: 0, count: size)
        for i in 0..<size { value[i] = UInt8(ascii: "a") + UInt8(i % 26) }
        try c.send(Array("set big 0 0 \(size)\r\n".utf8) + value + Array("\r\n".utf8))
        #expect(try c.read(until: "\r\n") == "STORED\r\n")
        try c.send("get big\r\n")
        let header = Array("VALUE big 0 \(size)\r\n".utf8)
        let reply = try c.read(count: header.count + size + 7)
        #expect(Array(reply[0..<header.count]) == header)
        #expect(Array(reply[header.count..<(header.count + size)]) == value)
        #expect(String(decoding: reply[(header.count + size)...], as: UTF8.self) == "\r\nEND\r\n")
        // Too large: refused, data swallowed, connection still usable.
        let tooBig = 1_100_000
        try c.send(
            Array("set huge 0 0 \(tooBig)\r\n".utf8) + [UInt8](repeating: 120, count: tooBig) + Array("\r\n".utf8))
        #expect(try c.read(until: "\r\n") == "SERVER_ERROR object too large for cache\r\n")
        try c.send("get nothing\r\n")
        #expect(try c.read(until: "END\r\n") == "END\r\n")
    }

    @Test("many concurrent connections")
    func manyConnections() throws {
        let s = try TestServer { $0.threads = 4 }
        defer { s.stop() }
        let clients = try (0..<200).map { _ in try TestClient(port: s.port) }
        for (i, c) in clients.enumerated() {
            try c.send("set conn\(i) 0 0 \(String(i).utf8.count)\r\n\(i)\r\nget conn\(i)\r\n")
        }
        for (i, c) in clients.enumerated() {
            let expected = "STORED\r\nVALUE conn\(i) 0 \(String(i).utf8.count)\r\n\(i)\r\nEND\r\n"
            #expect(try c.read(count: expected.utf8.count) == Array(expected.utf8))
        }
        #expect(s.server.connectionCounters.current.load(ordering: .relaxed) == 200)
    }

    @Test("a slow reader does not stall its worker, its memory stays bounded, and it gets every byte")
    func slowReader() throws {
        let s = try TestServer {
            $0.threads = 1
            $0.outputHighWater = 256 * 1024
        }
        defer { s.stop() }
        let writer = try TestClient(port: s.port)
        let value = String(repeating: "v", count: 100_000)
        try writer.send("set slow 0 0 \(value.utf8.count)\r\n\(value)\r\n")
        #expect(try writer.read(until: "\r\n") == "STORED\r\n")

        let slow = try TestClient(port: s.port)
        var shrink: Int32 = 16 * 1024
        setsockopt(slow.fd, SOL_SOCKET, SO_RCVBUF, &shrink, socklen_t(MemoryLayout<Int32>.size))
        let gets = 300  // ~30 MB of responses, far beyond socket buffers
        try slow.send(String(repeating: "get slow\r\n", count: gets))
        sleepMillis(500)
        // Same worker, other connection: still served promptly.
        let start = nowMillis()
        try writer.send("get missing\r\n")
        #expect(try writer.read(until: "END\r\n", timeoutMs: 2_000) == "END\r\n")
        #expect(nowMillis() - start < 1_000)
        // The slow connection is parked at the high-water mark, not buffering 30 MB.
        let blocked = s.server.connectionStats().contains { $0.1 == "conn_mwrite" }
        #expect(blocked)
        // Now drain: every response arrives intact.
        let one = "VALUE slow 0 \(value.utf8.count)\r\n\(value)\r\nEND\r\n"
        let all = try slow.read(count: one.utf8.count * gets, timeoutMs: 30_000)
        #expect(all.count == one.utf8.count * gets)
        #expect(Array(all[0..<one.utf8.count]) == Array(one.utf8))
    }

    @Test("-c: over the limit a client gets ERROR Too many open connections and is closed")
    func maxConnections() throws {
        let s = try TestServer { $0.maxConnections = 3 }
        defer { s.stop() }
        let held = try (0..<3).map { _ in try TestClient(port: s.port) }
        for c in held {
            try c.send("version\r\n")
            _ = try c.read(until: "\r\n")
        }
        let extra = try TestClient(port: s.port)
        #expect(try extra.readToEOF() == "ERROR Too many open connections\r\n")
        #expect(s.server.connectionCounters.rejected.load(ordering: .relaxed) == 1)
        // After one closes, a new connection is accepted again.
        _ = held[0].fd
        let closer = held[0]
        shutdown(closer.fd, Int32(SHUT_RDWR))
        let deadline = nowMillis() + 3_000
        while s.server.connectionCounters.current.load(ordering: .relaxed) > 2 && nowMillis() < deadline {
            sleepMillis(10)
        }
        let again = try TestClient(port: s.port)
        try again.send("version\r\n")
        #expect(try again.read(until: "\r\n").hasPrefix("VERSION "))
    }

    @Test("-o no_maxconns_fast: accepting pauses at the limit and resumes when a connection closes")
    func maxConnectionsPaused() throws {
        let s = try TestServer {
            $0.maxConnections = 2
            $0.maxConnsFast = false
        }
        defer { s.stop() }
        let a = try TestClient(port: s.port)
        let b = try TestClient(port: s.port)
        for c in [a, b] {
            try c.send("version\r\n")
            _ = try c.read(until: "\r\n")
        }
        let waiting = try TestClient(port: s.port)  // sits in the backlog
        try waiting.send("version\r\n")
        sleepMillis(200)
        #expect(s.server.connectionCounters.accepting.load(ordering: .relaxed) == 0)
        shutdown(a.fd, Int32(SHUT_RDWR))
        #expect(try waiting.read(until: "\r\n", timeoutMs: 3_000).hasPrefix("VERSION "))
        #expect(s.server.connectionCounters.listenDisabled.load(ordering: .relaxed) >= 1)
    }

    @Test("-o idle_timeout closes idle connections only")
    func idleTimeout() throws {
        let s = try TestServer { $0.idleTimeout = 1 }
        defer { s.stop() }
        let idle = try TestClient(port: s.port)
        let busy = try TestClient(port: s.port)
        let start = nowMillis()
        var idleClosed = false
        while nowMillis() - start < 3_500 {
            try busy.send("version\r\n")
            #expect(try busy.read(until: "\r\n").hasPrefix("VERSION "))
            if !idleClosed { idleClosed = try idle.waitForClose(timeoutMs: 250) } else { sleepMillis(250) }
        }
        #expect(idleClosed)
        try busy.send("version\r\n")
        #expect(try busy.read(until: "\r\n").hasPrefix("VERSION "))
    }

    @Test("without idle_timeout a quiet connection stays open, also after its buffers were trimmed")
    func quietConnectionStaysOpen() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        let value = String(repeating: "q", count: 500_000)
        try c.send("set quiet 0 0 \(value.utf8.count)\r\n\(value)\r\nget quiet\r\n")
        #expect(try c.read(until: "END\r\n").utf8.count > 500_000)
        #expect(try c.waitForClose(timeoutMs: 2_500) == false)
        try c.send("get quiet\r\n")
        #expect(try c.read(until: "END\r\n") == "VALUE quiet 0 500000\r\n\(value)\r\nEND\r\n")
    }

    @Test("a multi-get line far larger than the initial read buffer")
    func longMultiGet() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send("set present 0 0 3\r\nabc\r\n")
        #expect(try c.read(until: "\r\n") == "STORED\r\n")
        let keys = (0..<3_000).map { "absent-key-number-\($0)" } + ["present"]
        let line = "get " + keys.joined(separator: " ") + "\r\n"
        #expect(line.utf8.count > 64 * 1024)
        try c.send(line)
        #expect(try c.read(until: "END\r\n") == "VALUE present 0 3\r\nabc\r\nEND\r\n")
    }

    @Test("quit closes the connection; read EOF releases it")
    func quitAndEOF() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send("quit\r\n")
        #expect(try c.readToEOF() == "")
        let d = try TestClient(port: s.port)
        try d.send("version\r\n")
        _ = try d.read(until: "\r\n")
        shutdown(d.fd, Int32(SHUT_WR))
        let deadline = nowMillis() + 3_000
        while s.server.connectionCounters.current.load(ordering: .relaxed) > 0 && nowMillis() < deadline {
            sleepMillis(10)
        }
        #expect(s.server.connectionCounters.current.load(ordering: .relaxed) == 0)
    }

    @Test("after the client half-closes, every buffered request is still answered")
    func halfClose() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send("set hc 0 0 2\r\nok\r\n" + String(repeating: "get hc\r\n", count: 500))
        shutdown(c.fd, Int32(SHUT_WR))
        let reply = try c.readToEOF()
        #expect(reply == "STORED\r\n" + String(repeating: "VALUE hc 0 2\r\nok\r\nEND\r\n", count: 500))
        let deadline = nowMillis() + 3_000
        while s.server.connectionCounters.current.load(ordering: .relaxed) > 0 && nowMillis() < deadline {
            sleepMillis(10)
        }
        #expect(s.server.connectionCounters.current.load(ordering: .relaxed) == 0)
    }

    @Test("server stats: connections and bytes are counted")
    func serverStatsCounters() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send("version\r\n")
        let reply = try c.read(until: "\r\n")
        // The worker bumps bytes_written right after send(2) returns; the client may see the bytes first.
        var stats = Dictionary(uniqueKeysWithValues: s.server.serverStats())
        let deadline = nowMillis() + 2_000
        while stats["bytes_written"] != String(reply.utf8.count) && nowMillis() < deadline {
            sleepMillis(5)
            stats = Dictionary(uniqueKeysWithValues: s.server.serverStats())
        }
        #expect(stats["curr_connections"] == "1")
        #expect(stats["bytes_read"] == "9")
        #expect(stats["bytes_written"] == String(reply.utf8.count))
        #expect(stats["threads"] == "2")
        #expect(stats["libevent"]?.hasPrefix("2.") == true)
        s.server.resetServerStats()
        let after = Dictionary(uniqueKeysWithValues: s.server.serverStats())
        #expect(after["bytes_read"] == "0")
        let settings = Dictionary(uniqueKeysWithValues: s.server.settingsStats())
        #expect(settings["maxconns"] == "1024")
        #expect(settings["tcpport"] == String(s.port))
        #expect(settings["reqs_per_event"] == "20")
        let conns = s.server.connectionStats()
        #expect(conns.contains { $0.0.hasSuffix(":state") && $0.1 == "conn_listening" })
        #expect(conns.contains { $0.0.hasSuffix(":addr") && $0.1.hasPrefix("tcp:127.0.0.1:") })
    }

    @Test("stats settings: memcached 1.6.18's field list, then swiftcached's own; admin changes show up")
    func settingsListAndRuntimeChanges() throws {
        let s = try TestServer()
        defer { s.stop() }
        let names = s.server.settingsStats().map(\.0)
        #expect(names.count == 81)
        #expect(names.first == "maxbytes")
        #expect(
            names.suffix(9) == [
                "ssl_kernel_tls", "ssl_min_version", "num_napi_ids", "memory_file", "scan_guard", "latency_histograms",
                "hotkeys", "hotkeys_sample", "hotkeys_threshold",
            ])
        #expect(Array(names[51...53]) == ["inline_ascii_response", "ext_item_size", "ext_item_age"])
        try s.engine.tuneLRU(hotPercent: 10, warmPercent: 30, hotMaxFactor: 0.3, warmMaxFactor: 3)
        try s.engine.setTemporaryTTL(50)
        s.engine.setSlabAutomove(2)
        #expect(s.engine.setCrawler(enabled: true) == false)
        #expect(s.engine.setCrawler(enabled: false))
        let settings = Dictionary(uniqueKeysWithValues: s.server.settingsStats())
        #expect(settings["hot_lru_pct"] == "10" && settings["warm_lru_pct"] == "30")
        #expect(settings["hot_max_factor"] == "0.30" && settings["warm_max_factor"] == "3.00")
        #expect(settings["temp_lru"] == "yes" && settings["temporary_ttl"] == "50")
        #expect(settings["slab_automove"] == "2" && settings["lru_crawler"] == "no")
        #expect(settings["binding_protocol"] == "auto-negotiate")
        try s.engine.setTemporaryTTL(-5)
        let after = Dictionary(uniqueKeysWithValues: s.server.settingsStats())
        #expect(after["temp_lru"] == "no" && after["temporary_ttl"] == "50")
    }

    @Test("stats conns: listener and client lines in memcached's shape")
    func connectionStatsShape() throws {
        let s = try TestServer()
        defer { s.stop() }
        let client = try TestClient(port: s.port)
        try client.send("version\r\n")
        _ = try client.read(until: "\r\n")
        let names = s.server.connectionStats().map { $0.0.split(separator: ":").last.map(String.init) ?? "" }
        #expect(
            names == ["addr", "state", "secs_since_last_cmd", "addr", "listen_addr", "state", "secs_since_last_cmd"])
        let deadline = nowMillis() + 2000
        while s.server.connectionStats()[5].1 != "conn_read" && nowMillis() < deadline { sleepMillis(10) }
        #expect(s.server.connectionStats()[5].1 == "conn_read")
    }

    @Test("UDP: framed request, framed response split into 1400-byte datagrams")
    func udp() throws {
        let s = try TestServer { $0.udpPort = ServerConfiguration.ephemeralPort }
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        let value = String(repeating: "u", count: 3_000)
        try c.send("set udpkey 0 0 \(value.utf8.count)\r\n\(value)\r\n")
        #expect(try c.read(until: "\r\n") == "STORED\r\n")

        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(s.udpPort).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        func sendDatagram(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { raw in
                withUnsafePointer(to: &addr) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        func receive() -> [UInt8]? {
            var buf = [UInt8](repeating: 0, count: 65536)
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return n > 0 ? Array(buf[0..<n]) : nil
        }
        sendDatagram([0x12, 0x34, 0, 0, 0, 1, 0, 0] + Array("get udpkey\r\n".utf8))
        var parts: [Int: [UInt8]] = [:]
        var total = 0
        repeat {
            guard let d = receive() else { break }
            #expect(d.count <= 1400)
            #expect(d[0] == 0x12 && d[1] == 0x34)
            let seq = Int(d[2]) << 8 | Int(d[3])
            total = Int(d[4]) << 8 | Int(d[5])
            parts[seq] = Array(d[8...])
        } while parts.count < total
        #expect(total == 3)
        let body = (0..<total).flatMap { parts[$0] ?? [] }
        #expect(String(decoding: body, as: UTF8.self) == "VALUE udpkey 0 3000\r\n\(value)\r\nEND\r\n")
        // A multi-datagram request is refused like memcached does.
        sendDatagram([0, 9, 0, 0, 0, 2, 0, 0] + Array("get udpkey\r\n".utf8))
        let refused = receive() ?? []
        #expect(refused.count > 8)
        #expect(
            String(decoding: refused.dropFirst(8), as: UTF8.self)
                == "SERVER_ERROR multi-packet request not supported\r\n")
    }

    @Test("unix socket with -a mask; TCP is off")
    func unixSocket() throws {
        let path = "/tmp/swiftcached-test-\(getpid()).sock"
        let s = try TestServer {
            $0.unixSocketPath = path
            $0.unixSocketMask = 0o700
        }
        defer { s.stop() }
        #expect(s.server.tcpPorts.isEmpty)
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o700)
        let c = try TestClient(unixPath: path)
        try c.send("set u 0 0 2\r\nhi\r\nget u\r\n")
        #expect(try c.read(until: "END\r\n") == "STORED\r\nVALUE u 0 2\r\nhi\r\nEND\r\n")
    }

    @Test("start and stop repeatedly without leaking threads or hanging")
    func startStop() throws {
        for _ in 0..<5 {
            let s = try TestServer()
            let c = try TestClient(port: s.port)
            try c.send("version\r\n")
            _ = try c.read(until: "\r\n")
            s.stop()
            #expect(try c.waitForClose(timeoutMs: 2_000))
        }
    }

    @Test("shutdown is refused without -A and stops the server with it")
    func shutdownHook() throws {
        let s = try TestServer()
        defer { s.stop() }
        #expect(s.server.requestShutdown(graceful: false) == false)
        let t = try TestServer { $0.shutdownEnabled = true }
        #expect(t.server.requestShutdown(graceful: false))
        t.server.waitUntilStopped()
    }
}
