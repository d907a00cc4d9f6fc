// End-to-end tests of the hardening rules over real sockets: the cross-protocol close (HTTP lines, binary
// requests) and its `cross_protocol_closes` count, and the idle timeout counted from the last request
// (slow loris reaped, a connection stuck inside one data block closed, unix sockets exempt as in memcached,
// `idle_kicks` counted and placed as memcached places it). Scaled down: timeouts of 1-2 s.
import Testing

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `STAT` lines of a `stats` reply, in order.
private func statLines(_ reply: String) -> [(String, String)] {
    reply.split(separator: "\r\n").compactMap { line in
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[0] == "STAT" else { return nil }
        return (String(parts[1]), String(parts[2]))
    }
}

private func stats(_ s: TestServer) throws -> [(String, String)] {
    let c = try TestClient(port: s.port)
    try c.send("stats\r\n")
    return statLines(try c.read(until: "END\r\n"))
}

/// True when the server closed the connection (EOF or reset) within 5 s; what arrives first is discarded.
private func closedOrReset(_ client: TestClient) -> Bool {
    do {
        return try client.waitForClose(timeoutMs: 5_000)
    } catch TestError.system {
        return true  // reset
    } catch {
        return false
    }
}

/// Sends one byte without blocking; false once the server has closed the connection.
private func trickle(_ client: TestClient, _ byte: UInt8) -> Bool {
    (try? client.send([byte])) != nil
}

@Suite("Hardening over sockets", .serialized, .timeLimit(.minutes(1)))
struct HardeningTests {
    @Test("an HTTP request is closed with nothing sent and nothing run, and counted")
    func httpRequestClosed() throws {
        let s = try TestServer()
        defer { s.stop() }
        #expect(try !stats(s).contains { $0.0 == "cross_protocol_closes" })
        let c = try TestClient(port: s.port)
        try c.send(
            "version\r\nPOST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 22\r\n\r\nset pwn 0 0 5\r\nowned\r\n")
        #expect(try c.readToEOF(timeoutMs: 3_000) == "")
        let other = try TestClient(port: s.port)
        try other.send("get pwn\r\n")
        #expect(try other.read(until: "END\r\n") == "END\r\n")
        let lines = try stats(s)
        #expect(lines.last?.0 == "cross_protocol_closes")
        #expect(lines.last?.1 == "1")
    }

    @Test("a binary-protocol request is closed at once and counted; the server keeps serving")
    func binaryRequestClosed() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send([0x80, 0x0b] + [UInt8](repeating: 0, count: 22))
        #expect(try c.readToEOF(timeoutMs: 3_000) == "")
        let http = try TestClient(port: s.port)
        try http.send("GET / HTTP/1.1\r\n")
        #expect(try http.readToEOF(timeoutMs: 3_000) == "")
        let values = Dictionary(uniqueKeysWithValues: try stats(s))
        #expect(values["cross_protocol_closes"] == "2")
        s.server.resetServerStats()
        #expect(try !stats(s).contains { $0.0 == "cross_protocol_closes" })
    }

    @Test("slow loris: 50 connections trickling a line that never ends are closed within timeout + 4 s")
    func slowLorisReaped() throws {
        let s = try TestServer { $0.idleTimeout = 2 }
        defer { s.stop() }
        let lorises = try (0..<50).map { _ in try TestClient(port: s.port) }
        let busy = try TestClient(port: s.port)
        let line = Array("get slow-loris-key-that-never-ends-".utf8)
        var open = Set(0..<lorises.count)
        let start = nowMillis()
        var step = 0
        var lastBusy = start
        while !open.isEmpty && nowMillis() - start < 6_000 {
            for index in open where !trickle(lorises[index], line[step % line.count]) {
                open.remove(index)
            }
            step += 1
            if nowMillis() - lastBusy >= 500 {
                // Complete commands keep a connection alive.
                try busy.send("version\r\n")
                #expect(try busy.read(until: "\r\n").hasPrefix("VERSION "))
                lastBusy = nowMillis()
            }
            sleepMillis(200)
        }
        // A closed socket may still accept a send or two before the reset arrives: confirm by EOF.
        for index in open where try lorises[index].waitForClose(timeoutMs: 100) { open.remove(index) }
        let elapsed = nowMillis() - start
        #expect(open.isEmpty, "\(open.count) of 50 still open after \(elapsed) ms")
        #expect(elapsed >= 2_000, "closed after \(elapsed) ms, before the timeout")
        try busy.send("version\r\n")
        #expect(try busy.read(until: "\r\n").hasPrefix("VERSION "))
        let values = Dictionary(uniqueKeysWithValues: try stats(s))
        #expect(values["idle_kicks"] == "50")
    }

    @Test("a connection inside one data block longer than the timeout is closed; a prompt one is not")
    func dataBlockTimeout() throws {
        let s = try TestServer { $0.idleTimeout = 1 }
        defer { s.stop() }
        let stuck = try TestClient(port: s.port)
        let prompt = try TestClient(port: s.port)
        try stuck.send("set a 0 0 100\r\nabc")
        let start = nowMillis()
        var closed = false
        var round = 0
        while !closed && nowMillis() - start < 5_000 {
            closed = try !trickle(stuck, UInt8(ascii: "x")) || stuck.waitForClose(timeoutMs: 1)
            if round % 2 == 0 {
                // Enters a data block and finishes it: each completed set restarts its clock.
                try prompt.send("set b 0 0 3\r\nab")
                sleepMillis(150)
                try prompt.send("c\r\n")
                #expect(try prompt.read(until: "\r\n") == "STORED\r\n")
            }
            round += 1
            sleepMillis(150)
        }
        #expect(closed, "still open after \(nowMillis() - start) ms inside a data block")
        try prompt.send("get a b\r\n")
        #expect(try prompt.read(until: "END\r\n") == "VALUE b 0 3\r\nabc\r\nEND\r\n")
    }

    @Test("idle_kicks: only with idle_timeout, between auth_errors and bytes_read, counting closes")
    func idleKicksStat() throws {
        let plain = try TestServer()
        #expect(try !stats(plain).contains { $0.0 == "idle_kicks" })
        plain.stop()

        let s = try TestServer { $0.idleTimeout = 1 }
        defer { s.stop() }
        let names = try stats(s).map(\.0)
        let index = try #require(names.firstIndex(of: "idle_kicks"))
        #expect(names[index - 1] == "auth_errors")
        #expect(names[index + 1] == "bytes_read")
        let idle = try (0..<3).map { _ in try TestClient(port: s.port) }
        try idle[0].send("version\r\n")
        try idle[1].send("get a")  // a half line
        for client in idle { #expect(try client.waitForClose(timeoutMs: 4_000)) }
        let values = Dictionary(uniqueKeysWithValues: try stats(s))
        #expect(values["idle_kicks"] == "3")
        s.server.resetServerStats()
        #expect(Dictionary(uniqueKeysWithValues: try stats(s))["idle_kicks"] == "0")
    }

    @Test("a client reading a long reply slowly is not idle; one that reads nothing is closed")
    func slowReaderAndStalledReader() throws {
        let s = try TestServer { $0.idleTimeout = 1 }
        defer { s.stop() }
        let value = String(repeating: "v", count: 1_000_000)
        do {
            let setter = try TestClient(port: s.port)  // closed at the end of this scope, before it is idle
            try setter.send("set big 0 0 \(value.utf8.count)\r\n\(value)\r\n")
            #expect(try setter.read(until: "\r\n") == "STORED\r\n")
        }
        // 30 MB of replies: far more than the kernel buffers hold, so the server sends for as long as the
        // client reads.
        let request = "get " + Array(repeating: "big", count: 30).joined(separator: " ") + "\r\n"
        let reply = 30 * ("VALUE big 0 1000000\r\n".utf8.count + 1_000_002) + 5
        let slow = try TestClient(port: s.port)
        let stalled = try TestClient(port: s.port)
        try slow.send(request)
        try stalled.send(request)
        var received = 0
        let start = nowMillis()
        while received < reply && nowMillis() - start < 20_000 {
            received += try slow.read(count: min(1_000_000, reply - received), timeoutMs: 3_000).count
            sleepMillis(100)
        }
        #expect(received == reply)
        #expect(nowMillis() - start > 2_500, "the slow read should outlast the timeout")
        try slow.send("version\r\n")
        #expect(try slow.read(until: "\r\n").hasPrefix("VERSION "))
        #expect(closedOrReset(stalled))
        let values = Dictionary(uniqueKeysWithValues: try stats(s))
        #expect(values["idle_kicks"] == "1")
    }

    @Test("unix-socket connections are not idle-kicked, as in memcached")
    func unixSocketExempt() throws {
        let path = "/tmp/swiftcached-idle-test-\(getpid()).sock"
        let s = try TestServer {
            $0.unixSocketPath = path
            $0.idleTimeout = 1
        }
        defer { s.stop() }
        let c = try TestClient(unixPath: path)
        try c.send("version\r\n")
        #expect(try c.read(until: "\r\n").hasPrefix("VERSION "))
        #expect(try c.waitForClose(timeoutMs: 3_500) == false)
        try c.send("version\r\n")
        #expect(try c.read(until: "\r\n").hasPrefix("VERSION "))
    }
}
