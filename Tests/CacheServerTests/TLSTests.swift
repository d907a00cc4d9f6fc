// TLS tests (-Z): handshake and round trips through OpenSSL clients, a pipelined large value (decrypted
// bytes waiting inside OpenSSL), plain text on the TLS port, refresh_certs with a good and a bad
// certificate, and a handshake flood that must not hold up a plain-text client on the notls listener.
// A self-signed certificate is made with the openssl command at test time into a temporary directory.
import COpenSSL
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

/// Runs a program to completion (bounded) with its output discarded; returns its exit status.
private func runQuietly(_ arguments: [String], timeoutMs: Int = 30_000) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var child: pid_t = 0
    let rc = posix_spawnp(&child, arguments[0], &actions, nil, argv, environ)
    guard rc == 0 else { throw TestError.system("posix_spawn \(arguments[0])", rc) }
    let deadline = nowMillis() + timeoutMs
    var status: Int32 = 0
    while waitpid(child, &status, WNOHANG) != child {
        if nowMillis() > deadline {
            kill(child, SIGKILL)
            waitpid(child, &status, 0)
            throw TestError.timeout(arguments.joined(separator: " "))
        }
        sleepMillis(10)
    }
    return (status >> 8) & 0xff
}

/// A temporary directory with a self-signed certificate (`cert.pem`) and its key (`key.pem`).
private final class CertificateDirectory {
    let path: String
    var cert: String { path + "/cert.pem" }
    var key: String { path + "/key.pem" }

    init() throws {
        var template = Array("/tmp/swiftcached-tls-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestError.system("mkdtemp", errno) }
        path = String(cString: made)
        try makeCertificate(cert: cert, key: key)
    }

    func makeCertificate(cert: String, key: String) throws {
        let status = try runQuietly([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
        ])
        guard status == 0 else { throw TestError.system("openssl req", status) }
    }

    func write(_ text: String, to file: String) {
        guard let f = fopen(file, "w") else { return }
        fputs(text, f)
        fclose(f)
    }

    deinit {
        unlink(cert)
        unlink(key)
        rmdir(path)
    }
}

/// A blocking TLS client over a TestClient's socket; every read and write is bounded by socket timeouts.
private final class TLSTestClient {
    private let socket: TestClient
    private let ctx: OpaquePointer
    private let ssl: OpaquePointer
    private var buffer: [UInt8] = []

    init(port: Int, timeoutMs: Int = 5_000) throws {
        socket = try TestClient(port: port)
        var tv = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        ctx = SSL_CTX_new(TLS_client_method())!
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        ssl = SSL_new(ctx)!
        SSL_set_fd(ssl, socket.fd)
        guard SSL_connect(ssl) == 1 else {
            ERR_clear_error()
            throw TestError.closed("TLS handshake failed")
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(ctx)
    }

    /// The negotiated protocol, e.g. "TLSv1.3".
    var version: String { String(cString: SSL_get_version(ssl)) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(bytes.count - offset)) }
            guard n > 0 else {
                ERR_clear_error()
                throw TestError.system("SSL_write", errno)
            }
            offset += Int(n)
        }
    }

    func read(until suffix: String, timeoutMs: Int = 10_000) throws -> String {
        let tail = Array(suffix.utf8)
        let deadline = nowMillis() + timeoutMs
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while !(buffer.count >= tail.count && Array(buffer[(buffer.count - tail.count)...]) == tail) {
            guard nowMillis() < deadline else { throw TestError.timeout("TLS read (\(buffer.count) bytes)") }
            let n = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            guard n > 0 else {
                ERR_clear_error()
                throw TestError.closed(String(decoding: buffer, as: UTF8.self))
            }
            buffer.append(contentsOf: chunk[0..<Int(n)])
        }
        let out = String(decoding: buffer, as: UTF8.self)
        buffer.removeAll()
        return out
    }
}

/// A server with -Z on one ephemeral TLS port and one plain `notls:` port.
private func tlsServer(
    _ certs: CertificateDirectory, threads: Int = 2, _ configure: (inout ServerConfiguration) -> Void = { _ in }
) throws -> (server: TestServer, tlsPort: Int, plainPort: Int) {
    let s = try TestServer { c in
        c.listenAddresses = ["127.0.0.1", "notls:127.0.0.1:0"]
        c.threads = threads
        c.tls.enabled = true
        c.tls.chainCert = certs.cert
        c.tls.key = certs.key
        configure(&c)
    }
    let tlsPort = s.server.listenSockets.first { $0.tls }!.port
    let plainPort = s.server.listenSockets.first { !$0.tls }!.port
    return (s, tlsPort, plainPort)
}

/// The value of `STAT name` in a stats reply.
private func stat(_ name: String, in reply: String) -> String? {
    for line in reply.split(separator: "\r\n") {
        let parts = line.split(separator: " ")
        if parts.count == 3 && parts[1] == name { return String(parts[2]) }
    }
    return nil
}

@Suite("TLS (-Z)", .serialized, .timeLimit(.minutes(2)))
struct TLSTests {
    @Test("handshake, round trips over TLS and plain text on the notls listener; stats show TLS")
    func handshakeAndRoundTrip() throws {
        let certs = try CertificateDirectory()
        let (s, tlsPort, plainPort) = try tlsServer(certs)
        defer { s.stop() }
        let c = try TLSTestClient(port: tlsPort)
        #expect(c.version == "TLSv1.3")
        try c.send("set greeting 5 0 5\r\nhello\r\nget greeting\r\n")
        #expect(try c.read(until: "END\r\n") == "STORED\r\nVALUE greeting 5 5\r\nhello\r\nEND\r\n")
        let plain = try TestClient(port: plainPort)
        try plain.send("get greeting\r\n")
        #expect(try plain.read(until: "END\r\n") == "VALUE greeting 5 5\r\nhello\r\nEND\r\n")
        try plain.send("stats settings\r\n")
        let settings = try plain.read(until: "END\r\n")
        #expect(settings.contains("STAT ssl_enabled yes\r\nSTAT ssl_chain_cert \(certs.cert)\r\n"))
        #expect(settings.contains("STAT inter 127.0.0.1,notls:127.0.0.1:0\r\n"))
        #expect(settings.contains("STAT ssl_wbuf_size 16384\r\nSTAT ssl_session_cache no\r\n"))
        try plain.send("stats\r\n")
        let stats = try plain.read(until: "END\r\n")
        #expect(
            stats.contains("STAT log_watchers 0\r\nSTAT ssl_handshake_errors 0\r\nSTAT time_since_server_cert_refresh ")
        )
        #expect(stat("ssl_new_sessions", in: stats) == nil)
        #expect(Int(stat("time_since_server_cert_refresh", in: stats) ?? "") ?? 0 >= 62)
    }

    @Test("a large value and a get written in one burst: the bytes OpenSSL already decrypted are served")
    func pipelinedLargeValue() throws {
        let certs = try CertificateDirectory()
        let (s, tlsPort, _) = try tlsServer(certs)
        defer { s.stop() }
        let c = try TLSTestClient(port: tlsPort)
        let value = String(repeating: "v", count: 300_000)
        var expected = ""
        var request = ""
        for i in 0..<3 {
            request += "set big\(i) 0 0 \(value.utf8.count)\r\n\(value)\r\nget big\(i)\r\n"
            expected += "STORED\r\nVALUE big\(i) 0 \(value.utf8.count)\r\n\(value)\r\nEND\r\n"
        }
        try c.send(request + "version\r\n")
        #expect(try c.read(until: "VERSION \(CacheServer.defaultVersion)\r\n") == expected + "VERSION 1.6.18\r\n")
    }

    @Test("plain text on the TLS port is dropped without a byte; the handshake error is counted")
    func plainTextOnTLSPort() throws {
        let certs = try CertificateDirectory()
        let (s, tlsPort, plainPort) = try tlsServer(certs)
        defer { s.stop() }
        let c = try TestClient(port: tlsPort)
        try c.send("version\r\n")
        var received = ""
        do {
            received = try c.readToEOF()
        } catch TestError.system(_, let err) {
            #expect(err == ECONNRESET)
        }
        #expect(received == "")
        let plain = try TestClient(port: plainPort)
        try plain.send("stats\r\n")
        #expect(stat("ssl_handshake_errors", in: try plain.read(until: "END\r\n")) == "1")
    }

    @Test("refresh_certs: OK, noreply, memcached's error line for a bad chain, then OK again; TLS keeps working")
    func refreshCerts() throws {
        let certs = try CertificateDirectory()
        let (s, tlsPort, plainPort) = try tlsServer(certs)
        defer { s.stop() }
        let plain = try TestClient(port: plainPort)
        try plain.send("refresh_certs\r\nrefresh_certs noreply\r\nrefresh_certs x\r\nversion\r\n")
        #expect(try plain.read(until: "VERSION 1.6.18\r\n") == "OK\r\nOK\r\nVERSION 1.6.18\r\n")
        try plain.send("stats\r\n")
        #expect(Int(stat("time_since_server_cert_refresh", in: try plain.read(until: "END\r\n")) ?? "") ?? 99 <= 2)

        certs.write("garbage\n", to: certs.cert)
        try plain.send("refresh_certs\r\nrefresh_certs noreply\r\n")
        let line =
            "Error loading the certificate chain: \(certs.cert) : error:0480006C:PEM routines::no start line\r\n"
        #expect(try plain.read(until: line + line) == line + line)
        // The running context is untouched by a failed refresh.
        let c = try TLSTestClient(port: tlsPort)
        try c.send("version\r\n")
        #expect(try c.read(until: "\r\n") == "VERSION 1.6.18\r\n")

        // A new certificate and key: new connections get it.
        try certs.makeCertificate(cert: certs.cert, key: certs.key)
        try plain.send("refresh_certs\r\n")
        #expect(try plain.read(until: "\r\n") == "OK\r\n")
        let d = try TLSTestClient(port: tlsPort)
        try d.send("version\r\n")
        #expect(try d.read(until: "\r\n") == "VERSION 1.6.18\r\n")
        // The connection made before the refresh still works.
        try c.send("version\r\n")
        #expect(try c.read(until: "\r\n") == "VERSION 1.6.18\r\n")
    }

    @Test("refresh_certs without -Z answers memcached's error, noreply or not")
    func refreshCertsWithoutTLS() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try TestClient(port: s.port)
        try c.send("refresh_certs\r\nrefresh_certs noreply\r\nversion\r\n")
        #expect(
            try c.read(until: "VERSION 1.6.18\r\n")
                == "Error TLS not enabled\r\nError TLS not enabled\r\nVERSION 1.6.18\r\n")
    }

    @Test("a handshake flood (200 silent, garbage and half-open TLS connections) does not hold up plain clients")
    func handshakeFlood() throws {
        let certs = try CertificateDirectory()
        let (s, tlsPort, plainPort) = try tlsServer(certs)
        defer { s.stop() }
        var flood: [TestClient] = []
        for i in 0..<200 {
            let c = try TestClient(port: tlsPort)
            switch i % 3 {
            case 0: break  // connects and sends nothing
            case 1: try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")  // not TLS
            default: try c.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01])  // a ClientHello header, then silence
            }
            flood.append(c)
        }
        let plain = try TestClient(port: plainPort)
        var worst = 0
        for i in 0..<300 {
            let started = nowMillis()
            try plain.send("set k\(i) 0 0 1\r\nx\r\nget k\(i)\r\n")
            #expect(try plain.read(until: "END\r\n", timeoutMs: 2_000) == "STORED\r\nVALUE k\(i) 0 1\r\nx\r\nEND\r\n")
            worst = max(worst, nowMillis() - started)
        }
        #expect(worst < 500, "slowest plain-text round trip during the flood: \(worst) ms")
        // TLS clients are still served while the silent handshakes wait.
        let t = try TLSTestClient(port: tlsPort)
        try t.send("get k1\r\n")
        #expect(try t.read(until: "END\r\n") == "VALUE k1 0 1\r\nx\r\nEND\r\n")
        // The garbage connections were closed and counted; the silent ones are still open.
        let deadline = nowMillis() + 5_000
        var errors = 0
        repeat {
            try plain.send("stats\r\n")
            errors = Int(stat("ssl_handshake_errors", in: try plain.read(until: "END\r\n")) ?? "") ?? 0
            if errors >= 67 { break }
            sleepMillis(50)
        } while nowMillis() < deadline
        #expect(errors == 67)
        try plain.send("stats\r\n")
        let current = Int(stat("curr_connections", in: try plain.read(until: "END\r\n")) ?? "") ?? 0
        #expect(current >= 200 - 67 + 2)
    }
}
