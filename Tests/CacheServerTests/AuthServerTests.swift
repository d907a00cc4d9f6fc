// The server side of ASCII authentication: loading the authfiles with memcached's messages, a server that
// requires authentication over real sockets, its counters and settings lines, and reloading.
import CacheEngine
import MemcacheProtocol
import Testing

@testable import CacheServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file under /tmp removed by `remove()`.
final class TemporaryFile {
    let path: String

    init(_ name: String, _ contents: String) throws {
        path = "/tmp/swiftcached-test-\(getpid())-\(name)"
        try write(contents)
    }

    func write(_ contents: String) throws {
        guard let file = fopen(path, "w") else { throw TestError.system("fopen \(path)", errno) }
        fputs(contents, file)
        fclose(file)
    }

    func remove() { unlink(path) }
}

@Suite("Authentication on the server", .serialized)
struct AuthServerTests {
    @Test func loadErrorsUseMemcachedsMessages() throws {
        let good = try TemporaryFile("good", "user1:pass1\n")
        let bad = try TemporaryFile("bad", "user1:pass1\nnocolon\n")
        defer {
            good.remove()
            bad.remove()
        }
        #expect(try AuthFile.load(path: good.path, readOnlyPath: nil).count == 1)
        let missing = "/tmp/swiftcached-test-\(getpid())-missing"
        #expect(throws: AuthFileError.self) { try AuthFile.load(path: missing, readOnlyPath: nil) }
        do {
            _ = try AuthFile.load(path: missing, readOnlyPath: nil)
        } catch {
            #expect(
                error.description
                    == "Could not open authfile [\(missing)] for reading, error No such file or directory: No such file or directory\n"
            )
        }
        do {
            _ = try AuthFile.load(path: bad.path, readOnlyPath: nil)
            Issue.record("a malformed file loaded")
        } catch {
            #expect(error.description == "Authfile [\(bad.path)] has a malformed entry. Should be 'user:password'")
            #expect(error.summary == "authfile \(bad.path) has a malformed entry")
        }
        do {
            _ = try AuthFile.load(path: good.path, readOnlyPath: bad.path)
            Issue.record("a malformed read-only file loaded")
        } catch {
            #expect(error.summary == "authfile \(bad.path) has a malformed entry")
        }
        do {
            _ = try AuthFile.load(path: good.path, readOnlyPath: good.path)
            Issue.record("a user in both files loaded")
        } catch {
            #expect(error.summary == "user user1 is in both authfiles")
        }
    }

    @Test func serverRequiresAuthenticationAndReloads() throws {
        let users = try TemporaryFile("users", "user1:pass1\n")
        let readers = try TemporaryFile("readers", "reader:rpass\n")
        defer {
            users.remove()
            readers.remove()
        }
        let credentials = Credentials(
            path: users.path, readOnlyPath: readers.path,
            table: try AuthFile.load(path: users.path, readOnlyPath: readers.path))
        let test = try TestServer(credentials: credentials)
        defer { test.stop() }

        let client = try TestClient(port: test.port)
        try client.send("get a\r\n")
        #expect(try client.read(until: "\r\n") == "CLIENT_ERROR unauthenticated\r\n")
        try client.send("set x 0 0 11\r\nuser1 passX\r\n")
        #expect(try client.read(until: "\r\n") == "CLIENT_ERROR authentication failure\r\n")
        try client.send("set x 0 0 11\r\nuser1 pass1\r\nset k 0 0 1\r\nv\r\n")
        #expect(try client.read(until: "STORED\r\nSTORED\r\n") == "STORED\r\nSTORED\r\n")
        try client.send("stats settings\r\n")
        let settings = try client.read(until: "END\r\n")
        #expect(
            settings.contains("STAT auth_enabled_ascii \(users.path)\r\nSTAT auth_readonly_file \(readers.path)\r\n"))
        try client.send("stats\r\n")
        let stats = try client.read(until: "END\r\n")
        #expect(stats.contains("STAT store_no_memory 0\r\nSTAT auth_cmds 2\r\nSTAT auth_errors 1\r\nSTAT bytes_read "))

        let reader = try TestClient(port: test.port)
        try reader.send("set x 0 0 12\r\nreader rpass\r\nset k 0 0 3\r\nbye\r\nget k\r\n")
        #expect(
            try reader.read(until: "END\r\n")
                == "STORED\r\nCLIENT_ERROR permission denied\r\nVALUE k 0 1\r\nv\r\nEND\r\n")

        // Reload: the new file replaces the users; connections already in keep their access.
        try users.write("user2:pass2\n")
        #expect(test.server.reloadCredentials() == nil)
        let late = try TestClient(port: test.port)
        try late.send("set x 0 0 11\r\nuser1 pass1\r\nset x 0 0 11\r\nuser2 pass2\r\n")
        #expect(try late.read(until: "STORED\r\n") == "CLIENT_ERROR authentication failure\r\nSTORED\r\n")
        try client.send("mn\r\n")
        #expect(try client.read(until: "\r\n") == "MN\r\n")
        // refresh_auth from a read-write user; a bad file keeps the users.
        try users.write("broken\n")
        try late.send("refresh_auth\r\n")
        #expect(try late.read(until: "\r\n") == "SERVER_ERROR authfile \(users.path) has a malformed entry\r\n")
        try users.write("user2:pass2\nuser3:pass3\n")
        try late.send("refresh_auth\r\n")
        #expect(try late.read(until: "\r\n") == "OK\r\n")
        #expect(credentials.userCount == 3)
        try reader.send("refresh_auth\r\n")
        #expect(try reader.read(until: "\r\n") == "CLIENT_ERROR permission denied\r\n")
    }

    @Test func udpIsRefusedWithCredentials() throws {
        let credentials = Credentials(path: "users", table: CredentialTable())
        #expect(throws: ServerError.self) {
            _ = try TestServer(credentials: credentials) { $0.udpPort = ServerConfiguration.ephemeralPort }
        }
    }

    @Test func withoutCredentialsNothingChanges() throws {
        let test = try TestServer()
        defer { test.stop() }
        #expect(test.server.reloadCredentials() == "authentication is not enabled")
        let client = try TestClient(port: test.port)
        try client.send("refresh_auth\r\nget a\r\n")
        #expect(try client.read(until: "END\r\n") == "ERROR\r\nEND\r\n")
    }
}
