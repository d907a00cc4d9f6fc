// Tests of the swiftcached executable as a process: version and usage errors, memcached-style flag
// validation, serving with -p/-l/-P, and a clean exit on SIGTERM. Every child is bounded in time and
// killed by its own PID. Skipped when the binary has not been built next to the tests.
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The debug binary built by `swift build` / `swift test` in this package.
private let binaryPath: String = {
    var path = #filePath
    for _ in 0..<3 {
        if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path + "/.build/debug/swiftcached"
}()

private let binaryExists = access(binaryPath, X_OK) == 0

/// A spawned child with its stdout/stderr captured through pipes.
private final class Child {
    let pid: pid_t
    private let outFD: Int32
    private let errFD: Int32

    init(_ arguments: [String]) throws {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw TestError.system("pipe", errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
        posix_spawn_file_actions_addclose(&actions, errPipe[0])
        // The child starts with no blocked signal and every signal at its default action, as from a shell:
        // a test runner's own mask or ignored signals must not decide what a signal does to the server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([binaryPath] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, binaryPath, &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else { throw TestError.system("posix_spawn", rc) }
        pid = child
        outFD = outPipe[0]
        errFD = errPipe[0]
    }

    private var reaped = false

    deinit {
        if !reaped { _ = wait(timeoutMs: 0) }  // never leave a child running
        close(outFD)
        close(errFD)
    }

    /// Waits up to `timeoutMs` for the exit status; kills the child (by PID) if it takes longer.
    func wait(timeoutMs: Int) -> Int32? {
        let deadline = nowMillis() + timeoutMs
        var status: Int32 = 0
        repeat {
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
            }
            sleepMillis(10)
        } while nowMillis() < deadline
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        reaped = true
        return nil
    }

    private static func drain(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { break }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    var stdout: String { Self.drain(outFD) }
    var stderr: String { Self.drain(errFD) }
}

/// A TCP port that was free a moment ago.
private func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
            _ = bind(fd, p, len)
            return getsockname(fd, p, &len)
        }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// A client of the server `child` just started on `port`, once it accepts; after 5 seconds, nil and the
/// failure recorded with the child's stderr.
private func connectWhenUp(port: Int, child: Child) -> TestClient? {
    var client: TestClient? = nil
    let deadline = nowMillis() + 5_000
    while client == nil && nowMillis() < deadline {
        client = try? TestClient(port: port)
        if client == nil { sleepMillis(20) }
    }
    if client == nil {
        _ = child.wait(timeoutMs: 0)
        Issue.record("server did not come up: \(child.stderr)")
    }
    return client
}

@Suite("swiftcached executable", .serialized, .enabled(if: binaryExists), .timeLimit(.minutes(1)))
struct ExecutableTests {
    @Test("-V prints the version")
    func version() throws {
        let child = try Child(["-V"])
        #expect(child.wait(timeoutMs: 5_000) == 0)
        #expect(child.stdout.hasPrefix("swiftcached "))
    }

    @Test("-V names swiftcached's own version and the memcached version it is compatible with")
    func versionNamesBoth() throws {
        let child = try Child(["-V"])
        #expect(child.wait(timeoutMs: 5_000) == 0)
        #expect(child.stdout.hasSuffix(" (compatible with memcached 1.6.18)\n"))
    }

    @Test("-h lists the -o sub-options")
    func helpListsExtendedOptions() throws {
        let child = try Child(["-h"])
        #expect(child.wait(timeoutMs: 5_000) == 0)
        let help = child.stdout
        #expect(help.contains("- idle_timeout:"))
        #expect(help.contains("- lru_crawler_sleep:"))
    }

    @Test("-m takes memcached's forms: 64m is 64 MiB, 1g is 1 MiB (too small for -I 1m), as in memcached 1.6.18")
    func memoryLimitForms() throws {
        let oneG = try Child(["-u", "root", "-m", "1g"])
        #expect(oneG.wait(timeoutMs: 5_000) == 64)
        #expect(oneG.stderr.contains("Cannot set item size limit higher than 1/2 of memory max."))
        let port = freePort()
        let child = try Child(["-u", "root", "-l", "127.0.0.1", "-p", String(port), "-U", "0", "-m", "64m"])
        guard let client = connectWhenUp(port: port, child: child) else { return }
        try client.send("stats settings\r\n")
        #expect(try client.read(until: "END\r\n", timeoutMs: 3_000).contains("STAT maxbytes 67108864\r\n"))
        kill(child.pid, SIGTERM)
        #expect(child.wait(timeoutMs: 5_000) == 0)
    }

    @Test("values joined to their short flag, as getopt allows: -ohot_lru_pct=10,warm_lru_pct=30 and -m64")
    func joinedShortFlagValues() throws {
        let port = freePort()
        let child = try Child([
            "-u", "root", "-l127.0.0.1", "-p\(port)", "-U0", "-m64", "-ohot_lru_pct=10,warm_lru_pct=30",
        ])
        guard let client = connectWhenUp(port: port, child: child) else { return }
        try client.send("stats settings\r\n")
        let settings = try client.read(until: "END\r\n", timeoutMs: 3_000)
        #expect(settings.contains("STAT hot_lru_pct 10\r\n") && settings.contains("STAT warm_lru_pct 30\r\n"))
        #expect(settings.contains("STAT maxbytes 67108864\r\n"))
        kill(child.pid, SIGTERM)
        #expect(child.wait(timeoutMs: 5_000) == 0)
    }

    @Test("unknown flags and bad values fail with a message")
    func badFlags() throws {
        let unknown = try Child(["--no-such-flag"])
        #expect(unknown.wait(timeoutMs: 5_000) == 64)
        #expect(unknown.stderr.contains("Unknown option"))
        let small = try Child(["-u", "root", "-I", "512"])
        #expect(small.wait(timeoutMs: 5_000) == 64)
        #expect(small.stderr.contains("Item max size cannot be less than 1024 bytes."))
        let big = try Child(["-u", "root", "-m", "64", "-I", "64m"])
        #expect(big.wait(timeoutMs: 5_000) == 64)
        #expect(big.stderr.contains("1/2 of memory max"))
        let threads = try Child(["-u", "root", "-t", "0"])
        #expect(threads.wait(timeoutMs: 5_000) == 64)
        let sub = try Child(["-u", "root", "-o", "no_such_option"])
        #expect(sub.wait(timeoutMs: 5_000) == 64)
        #expect(sub.stderr.contains("Illegal suboption"))
    }

    @Test("serves on -l/-p, writes -P, exits 0 on SIGTERM and removes the pid file")
    func serveAndTerminate() throws {
        let port = freePort()
        let pidFile = "/tmp/swiftcached-test-\(getpid()).pid"
        let child = try Child([
            "-u", "root", "-l", "127.0.0.1", "-p", String(port), "-U", "0", "-t", "2", "-m", "16", "-I", "2m",
            "-o", "idle_timeout=30,hashpower=17", "-P", pidFile,
        ])
        guard let client = connectWhenUp(port: port, child: child) else { return }
        try client.send("set k 0 0 1\r\nx\r\nget k\r\n")
        #expect(try client.read(until: "END\r\n", timeoutMs: 3_000) == "STORED\r\nVALUE k 0 1\r\nx\r\nEND\r\n")
        try client.send("stats settings\r\n")
        let settings = try client.read(until: "END\r\n", timeoutMs: 3_000)
        #expect(settings.contains("STAT maxbytes 16777216\r\n"))
        #expect(settings.contains("STAT item_size_max 2097152\r\n"))
        #expect(settings.contains("STAT idle_timeout 30\r\n"))
        #expect(settings.contains("STAT num_threads 2\r\n"))
        #expect(access(pidFile, F_OK) == 0)
        kill(child.pid, SIGTERM)
        #expect(child.wait(timeoutMs: 5_000) == 0)
        #expect(access(pidFile, F_OK) != 0)
    }

    @Test("SIGHUP is ignored (still serving, also on a connection opened before it), as memcached ignores it")
    func hangupIgnored() throws {
        let port = freePort()
        let child = try Child(["-u", "root", "-l", "127.0.0.1", "-p", String(port), "-U", "0"])
        guard let before = connectWhenUp(port: port, child: child) else { return }
        for _ in 0..<3 { kill(child.pid, SIGHUP) }
        sleepMillis(300)
        try before.send("set h 0 0 1\r\nx\r\n")
        #expect(try before.read(until: "\r\n", timeoutMs: 3_000) == "STORED\r\n")
        let after = try TestClient(port: port)
        try after.send("get h\r\n")
        #expect(try after.read(until: "END\r\n", timeoutMs: 3_000) == "VALUE h 0 1\r\nx\r\nEND\r\n")
        kill(child.pid, SIGTERM)
        #expect(child.wait(timeoutMs: 5_000) == 0)
    }

    @Test(
        "the other signals as the README states them: SIGUSR2 kills (no handler, as in memcached); SIGUSR1, SIGTERM and SIGINT exit 0",
        arguments: [SIGUSR2, SIGUSR1, SIGTERM, SIGINT] as [Int32])
    func otherSignals(signal: Int32) throws {
        let status: Int32 = signal == SIGUSR2 ? -SIGUSR2 : 0
        let port = freePort()
        let child = try Child(["-u", "root", "-l", "127.0.0.1", "-p", String(port), "-U", "0"])
        guard connectWhenUp(port: port, child: child) != nil else { return }
        kill(child.pid, signal)
        #expect(child.wait(timeoutMs: 5_000) == status)
    }

    @Test("-Z without certificate files and notls: without -Z fail at start with memcached's messages and status")
    func tlsStartupErrors() throws {
        let missing = try Child(["-u", "root", "-l", "127.0.0.1", "-p", String(freePort()), "-U", "0", "-Z"])
        #expect(missing.wait(timeoutMs: 5_000) == 64)
        #expect(
            missing.stderr.hasSuffix(
                "Error loading the certificate chain: (null) : error:8000000E:system library::Bad address\r\n"))
        let badKey = try Child([
            "-u", "root", "-l", "127.0.0.1", "-p", String(freePort()), "-U", "0", "-Z", "-o",
            "ssl_chain_cert=/dev/null,ssl_key=/dev/null",
        ])
        #expect(badKey.wait(timeoutMs: 5_000) == 64)
        #expect(badKey.stderr.contains("Error loading the certificate chain: /dev/null : "))
        let noTLS = try Child(["-u", "root", "-l", "notls:127.0.0.1:1", "-U", "0"])
        #expect(noTLS.wait(timeoutMs: 5_000) == 71)
        #expect(noTLS.stderr.hasPrefix("'notls' option is valid only when SSL is enabled\n"))
    }

    @Test("with -A, the shutdown command stops the process cleanly")
    func shutdownCommand() throws {
        let port = freePort()
        let child = try Child(["-u", "root", "-l", "127.0.0.1", "-p", String(port), "-U", "0", "-A"])
        guard let client = connectWhenUp(port: port, child: child) else { return }
        try client.send("shutdown\r\n")
        #expect(child.wait(timeoutMs: 5_000) == 0)
    }
}
