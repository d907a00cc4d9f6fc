// Test support: an in-process server on 127.0.0.1 with kernel-chosen ports, and small blocking socket
// clients whose every read is bounded by a deadline (no test can hang).
import CacheEngine
import MemcacheProtocol

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

enum TestError: Error, CustomStringConvertible {
    case system(String, Int32)
    case timeout(String)
    case closed(String)

    var description: String {
        switch self {
        case .system(let what, let err): return "\(what): errno \(err)"
        case .timeout(let what): return "timeout: \(what)"
        case .closed(let what): return "closed: \(what)"
        }
    }
}

/// Monotonic milliseconds.
func nowMillis() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
}

func sleepMillis(_ ms: Int) { usleep(UInt32(ms * 1000)) }

/// A server running in this process, stopped by `stop()` (tests call it in `defer`).
final class TestServer {
    let server: CacheServer
    let engine: CacheEngine

    init(credentials: Credentials? = nil, _ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.tcpPort = ServerConfiguration.ephemeralPort
        configuration.listenAddresses = ["127.0.0.1"]
        configuration.threads = 2
        configure(&configuration)
        engine = try CacheEngine(configuration: EngineConfiguration(), clock: EngineClock())
        server = CacheServer(configuration: configuration, engine: engine, credentials: credentials)
        try server.start()
    }

    var port: Int { server.tcpPorts[0] }
    var udpPort: Int { server.udpPorts[0] }

    func stop() { server.stop() }
}

/// A blocking client socket with deadline-bounded reads.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// TCP to 127.0.0.1:port.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError.system("socket", errno) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            // No close here: the throwing init still runs deinit, which closes fd (closing twice could
            // close a descriptor another thread has just been given).
            let err = errno
            throw TestError.system("connect", err)
        }
    }

    /// Unix socket at `path`.
    init(unixPath path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError.system("socket", errno) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            // No close here: the throwing init still runs deinit, which closes fd (closing twice could
            // close a descriptor another thread has just been given).
            let err = errno
            throw TestError.system("connect unix", err)
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = nowMillis() + 10_000
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(
                    fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EINTR) {
                guard nowMillis() < deadline else { throw TestError.timeout("send") }
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, 100)
                continue
            }
            throw TestError.system("send", errno)
        }
    }

    /// Receives whatever arrives within `timeoutMs` (at least one byte unless EOF/timeout). Returns nil at EOF.
    private func fill(deadline: Int) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let left = deadline - nowMillis()
            guard left > 0 else { throw TestError.timeout("read (have \(buffer.count) bytes)") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(min(left, 200)))
            if ready <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 { return false }
            if errno == EAGAIN || errno == EINTR { continue }
            throw TestError.system("recv", errno)
        }
    }

    /// Reads exactly `count` bytes.
    func read(count: Int, timeoutMs: Int = 10_000) throws -> [UInt8] {
        let deadline = nowMillis() + timeoutMs
        while buffer.count < count {
            guard try fill(deadline: deadline) else {
                throw TestError.closed("after \(buffer.count) of \(count) bytes")
            }
        }
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Reads until the buffered bytes end with `suffix`.
    func read(until suffix: String, timeoutMs: Int = 10_000) throws -> String {
        let tail = Array(suffix.utf8)
        let deadline = nowMillis() + timeoutMs
        while !(buffer.count >= tail.count && Array(buffer[(buffer.count - tail.count)...]) == tail) {
            guard try fill(deadline: deadline) else { throw TestError.closed(String(decoding: buffer, as: UTF8.self)) }
        }
        let out = String(decoding: buffer, as: UTF8.self)
        buffer.removeAll()
        return out
    }

    /// True when the server closed the connection within `timeoutMs` (all pending bytes are discarded).
    func waitForClose(timeoutMs: Int = 5_000) throws -> Bool {
        let deadline = nowMillis() + timeoutMs
        do {
            while try fill(deadline: deadline) {}
            return true
        } catch TestError.timeout {
            return false
        }
    }

    /// Everything received until EOF.
    func readToEOF(timeoutMs: Int = 5_000) throws -> String {
        let deadline = nowMillis() + timeoutMs
        while try fill(deadline: deadline) {}
        let out = String(decoding: buffer, as: UTF8.self)
        buffer.removeAll()
        return out
    }
}
