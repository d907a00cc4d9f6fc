// Tests of bounded connection memory over sockets: `-o read_buf_mem_limit` (memcached's SERVER_ERROR for a
// get reply that does not fit, resets and `read_buf_oom` past the limit), the `read_buf_*` and
// `response_obj_*` stats lines as real figures, buffers given back after a large transfer, and stalled
// readers (connections pipelining gets of a large value without reading) held to the stated bound.
import CacheEngine
import Testing

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server's `stats` lines as a dictionary, read in process: a worker whose share of the limit is
/// used up resets new connections, a `stats` connection included (as memcached does).
private func statsMap(_ s: TestServer) -> [String: Int] {
    var map: [String: Int] = [:]
    for (name, value) in s.server.serverStats() { map[name] = Int(value) }
    return map
}

/// This process's resident set (VmRSS) in bytes.
func residentBytes(pid: String = "self") -> Int {
    guard let file = fopen("/proc/\(pid)/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            let digits = text.split(separator: " ").compactMap { Int($0) }
            return (digits.first ?? 0) * 1024
        }
    }
    return 0
}

/// A client that never reads: a small receive buffer (set before connecting, so the window stays small)
/// and non-blocking sends, so the server's replies pile up on its side.
private final class StalledReader {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError.system("socket", errno) }
        var small: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw TestError.system("connect", errno) }
    }

    deinit { close(fd) }

    /// Sends as much of `bytes` as the socket takes without blocking; returns what was sent.
    @discardableResult
    func sendSome(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
    }
}

@Suite("Connection memory over sockets", .serialized, .timeLimit(.minutes(2)))
struct ConnectionMemoryTests {
    /// 1000 values of 1000 bytes, as in the captures of memcached with read_buf_mem_limit=1.
    private func fill(_ s: TestServer, count: Int = 1000, size: Int = 1000) throws {
        let c = try TestClient(port: s.port)
        let value = String(repeating: "x", count: size)
        var batch = ""
        for i in 0..<count { batch += "set k\(i) 0 0 \(size) noreply\r\n\(value)\r\n" }
        try c.send(batch + "version\r\n")
        _ = try c.read(until: "\r\n")
    }

    @Test("read_buf_mem_limit=1, -t 1: a get whose reply does not fit gets memcached's SERVER_ERROR alone")
    func getOverTheLimit() throws {
        let s = try TestServer {
            $0.threads = 1
            $0.readBufMemLimit = 1 << 20
        }
        defer { s.stop() }
        try fill(s)
        let c = try TestClient(port: s.port)
        try c.send("get " + (0..<600).map { "k\($0)" }.joined(separator: " ") + "\r\n")
        let fits = try c.read(until: "END\r\n")
        #expect(fits.split(separator: "\r\n").filter { $0.hasPrefix("VALUE ") }.count == 600)
        try c.send("get " + (0..<5000).map { "k\($0 % 1000)" }.joined(separator: " ") + "\r\n")
        try c.send("version\r\n")
        let reply = try c.read(until: "VERSION 1.6.18\r\n")
        #expect(reply == "SERVER_ERROR out of memory writing get response\r\nVERSION 1.6.18\r\n")
        let stats = statsMap(s)
        #expect(stats["response_obj_oom"] == 1)
        #expect(stats["read_buf_oom"] == 0)
        #expect(stats["read_buf_bytes"]! <= 1 << 20)
        #expect(stats["read_buf_count"]! * 16384 >= stats["read_buf_bytes"]!)
    }

    @Test("read_buf_mem_limit=1, -t 1: a value being received may fill the share less one block for the reply")
    func valueBeingReceived() throws {
        let s = try TestServer {
            $0.threads = 1
            $0.readBufMemLimit = 1 << 20
        }
        defer { s.stop() }
        let fits = try TestClient(port: s.port)
        try fits.send("set a 0 0 600000\r\n" + String(repeating: "v", count: 600_000) + "\r\n")
        #expect(try fits.read(until: "\r\n") == "STORED\r\n")
        // 1,040,000 bytes need more than 1 MiB less one 16 KiB block: closed, counted in read_buf_oom
        // (memcached reads a value into its item, outside the limit, and stores it).
        let tooBig = try TestClient(port: s.port)
        try? tooBig.send("set b 0 0 1040000\r\n" + String(repeating: "v", count: 1_040_000) + "\r\n")
        #expect((try? tooBig.waitForClose(timeoutMs: 3_000)) != false)
        #expect(statsMap(s)["read_buf_oom"] == 1)
        try fits.send("get a\r\n")
        #expect(try fits.read(until: "END\r\n").hasPrefix("VALUE a 0 600000\r\n"))
    }

    @Test("past the limit a connection with a partial request is reset and counted in read_buf_oom")
    func partialRequestsOverTheLimit() throws {
        let s = try TestServer {
            $0.threads = 1
            $0.readBufMemLimit = 1 << 20
        }
        defer { s.stop() }
        var clients: [TestClient] = []
        for _ in 0..<80 {
            let c = try TestClient(port: s.port)
            try c.send("get partial")
            clients.append(c)
            sleepMillis(2)
        }
        sleepMillis(300)
        var closed = 0
        for c in clients {
            // A reset (what memcached gives too) throws; EOF returns true.
            if (try? c.waitForClose(timeoutMs: 10)) != false { closed += 1 }
        }
        // 64 blocks of 16 KiB: every one holds a partial request, the rest are closed.
        #expect(closed == 80 - 64)
        clients.removeAll()  // closes them: their blocks go back to the pool
        sleepMillis(200)
        let stats = statsMap(s)
        #expect(stats["read_buf_oom"] == 16)
        #expect(stats["read_buf_count"] == 64)
        #expect(stats["read_buf_bytes"] == 1 << 20)
        #expect(stats["read_buf_bytes_free"] == 1 << 20)
    }

    @Test("idle connections hold no buffers; those grown for a 512 KiB value are given back when quiet")
    func buffersShrinkBack() throws {
        let s = try TestServer { $0.threads = 2 }
        defer { s.stop() }
        let value = String(repeating: "v", count: 512 * 1024)
        var clients: [TestClient] = []
        for i in 0..<40 {
            let c = try TestClient(port: s.port)
            try c.send("set big\(i) 0 0 \(value.utf8.count)\r\n\(value)\r\nget big\(i)\r\n")
            _ = try c.read(until: "END\r\n")
            clients.append(c)
        }
        let busy = statsMap(s)
        // 40 read buffers grown to hold a 512 KiB set, 40 output buffers grown to hold its reply.
        #expect(busy["read_buf_bytes"]! > 40 * 1024 * 1024)
        #expect(busy["response_obj_bytes"]! > 20 * 1024 * 1024)
        // The 1 s sweep gives grown buffers back once their connection has been quiet for a second.
        var after = busy
        let deadline = nowMillis() + 5_000
        while nowMillis() < deadline {
            sleepMillis(250)
            after = statsMap(s)
            if after["read_buf_bytes"]! <= 2 * 64 * 16384 { break }
        }
        // What is left: at most the free lists (64 blocks per worker).
        #expect(after["read_buf_bytes"]! <= 2 * 64 * 16384)
        #expect(after["read_buf_bytes"]! == after["read_buf_bytes_free"]!)
        #expect(after["response_obj_bytes"]! == 0)
        #expect(after["response_obj_count"]! == 0)
        // 40 open idle connections.
        #expect(after["curr_connections"]! == 40)
        // The connections still work.
        try clients[0].send("get big0\r\n")
        #expect(try clients[0].read(until: "END\r\n").hasSuffix("\r\nEND\r\n"))
    }

    /// Connections that pipeline gets of a large value and never read.
    private func stall(_ s: TestServer, connections: Int, key: String, gets: Int) throws -> [StalledReader] {
        let request = Array(String(repeating: "get \(key)\r\n", count: gets).utf8)
        var readers: [StalledReader] = []
        for _ in 0..<connections {
            let r = try StalledReader(port: s.port)
            r.sendSome(request)
            readers.append(r)
        }
        return readers
    }

    @Test("stalled readers without a limit: each holds at most twice (high-water mark + one reply)")
    func stalledReadersPerConnectionBound() throws {
        let highWater = 256 * 1024
        let s = try TestServer {
            $0.threads = 2
            $0.outputHighWater = highWater
        }
        defer { s.stop() }
        let valueSize = 200 * 1024
        let c = try TestClient(port: s.port)
        try c.send("set big 0 0 \(valueSize)\r\n\(String(repeating: "b", count: valueSize))\r\n")
        _ = try c.read(until: "STORED\r\n")
        let readers = try stall(s, connections: 100, key: "big", gets: 200)
        sleepMillis(1_500)
        let stats = statsMap(s)
        let perConnection = 2 * (highWater + valueSize + 64)
        #expect(stats["response_obj_bytes"]! <= readers.count * perConnection)
        #expect(stats["response_obj_count"]! >= readers.count)
        #expect(stats["response_obj_oom"] == 0)
        // Before this bound, a connection went on answering up to -R gets past the mark per event.
        #expect(stats["response_obj_bytes"]! >= readers.count * highWater)
    }

    @Test("100 stalled readers under read_buf_mem_limit=8: buffers and RSS stay within the limit")
    func stalledReadersUnderTheLimit() throws {
        let limit = 8 << 20
        let s = try TestServer {
            $0.threads = 2
            $0.readBufMemLimit = limit
        }
        defer { s.stop() }
        let valueSize = 100 * 1024
        let c = try TestClient(port: s.port)
        try c.send("set big 0 0 \(valueSize)\r\n\(String(repeating: "b", count: valueSize))\r\n")
        _ = try c.read(until: "STORED\r\n")
        try c.send("get big\r\n")
        _ = try c.read(until: "END\r\n")
        let rssBefore = residentBytes()
        var readers: [StalledReader] = []
        var peak = 0
        for _ in 0..<4 {
            readers += try stall(s, connections: 25, key: "big", gets: 100)
            sleepMillis(250)
            peak = max(peak, statsMap(s)["read_buf_bytes"]!)
        }
        sleepMillis(500)
        let stats = statsMap(s)
        let rssGrowth = residentBytes() - rssBefore
        #expect(peak <= limit)
        #expect(stats["read_buf_bytes"]! <= limit)
        // Stalled readers that wanted more than their worker's share were refused or closed.
        #expect(stats["response_obj_oom"]! + stats["read_buf_oom"]! > 0)
        // The buffers, plus per-connection structures (session, events: well under 16 KiB each).
        #expect(rssGrowth <= limit + readers.count * 16384 + 4 << 20)
        // Other clients are still served once the stalled ones are gone.
        readers.removeAll()
        sleepMillis(300)
        let fresh = try TestClient(port: s.port)
        try fresh.send("version\r\n")
        #expect(try fresh.read(until: "\r\n") == "VERSION 1.6.18\r\n")
    }
}
