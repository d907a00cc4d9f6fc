// End-to-end tests of the hardening rules over real sockets: the cross-protocol close (HTTP lines, binary
// requests) and its `cross_protocol_closes` count.
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

@Suite("Hardening over sockets", .serialized, .timeLimit(.minutes(1)))
struct HardeningTests {
    @Test("an HTTP request is closed with nothing sent and nothing run, and counted")
    func httpRequestClosed() throws {
        let s = try TestServer()
        defer { s.stop() }
        #expect(try !stats(s).contains { $0.0 == "cross_protocol_closes" })
        let c = try TestClient(port: s.port)
        try c.send("version\r\nPOST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 22\r\n\r\nset pwn 0 0 5\r\nowned\r\n")
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
}
