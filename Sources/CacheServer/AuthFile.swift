// AuthFile: reading the `-Y` authfile and the `-o auth_readonly_file` into a CredentialTable, with
// memcached 1.6.18's error messages, and reloading them while running (`refresh_auth`).
//
// Loading happens at startup and on `refresh_auth`, never on the request path. A reload that fails (file
// gone, malformed) keeps the users already loaded, as memcached's reload does.
import MemcacheProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an authfile could not be loaded; `description` is memcached's message for the same case.
public struct AuthFileError: Error, CustomStringConvertible {
    public var description: String
    /// The message without memcached's decorations, for `refresh_auth`'s `SERVER_ERROR` line.
    public var summary: String
}

public enum AuthFile {
    /// Reads the authfile and, if given, the read-only file.
    public static func load(path: String, readOnlyPath: String?) throws(AuthFileError) -> CredentialTable {
        let readWrite = try readWhole(path)
        let readOnly: [UInt8]?
        if let readOnlyPath { readOnly = try readWhole(readOnlyPath) } else { readOnly = nil }
        do {
            return try CredentialTable(readWrite: readWrite, readOnly: readOnly)
        } catch {
            switch error {
            case .malformed:
                // Which of the two files: parse the main one alone to tell.
                let bad = (try? CredentialTable(readWrite: readWrite)) == nil ? path : (readOnlyPath ?? path)
                throw AuthFileError(
                    description: "Authfile [\(bad)] has a malformed entry. Should be 'user:password'",
                    summary: "authfile \(bad) has a malformed entry")
            case .duplicateAcrossFiles(let user):
                throw AuthFileError(
                    description: "Authfile [\(readOnlyPath ?? path)] names user '\(user)', who is also in [\(path)]\n",
                    summary: "user \(user) is in both authfiles")
            }
        }
    }

    /// The whole file, or memcached's "Could not open authfile" error (its vperror adds ": <strerror>").
    static func readWhole(_ path: String) throws(AuthFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        var bytes: [UInt8] = []
        if fd >= 0 {
            defer { _ = close(fd) }
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    bytes += chunk[0..<n]
                    continue
                }
                if n == 0 { return bytes }
                if errno == EINTR { continue }
                break
            }
        }
        let reason = String(cString: strerror(errno))
        throw AuthFileError(
            description: "Could not open authfile [\(path)] for reading, error \(reason): \(reason)\n",
            summary: "could not read authfile \(path): \(reason)")
    }
}

extension CacheServer {
    /// Re-reads the authfile(s) into ``credentials`` (the `refresh_auth` command; memcached re-reads its
    /// authfile on SIGHUP). Returns nil on success, or why the old users were kept. Connections already
    /// authenticated keep their access.
    public func reloadCredentials() -> String? {
        guard let credentials = protocolSettings.credentials else { return "authentication is not enabled" }
        do {
            let table = try AuthFile.load(path: credentials.path, readOnlyPath: credentials.readOnlyPath)
            credentials.replace(with: table)
            ServerLog.log(1, "authfile reloaded: \(table.count) users")
            return nil
        } catch {
            ServerLog.log(1, "authfile reload failed, keeping the previous users: \(error.summary)")
            return error.summary
        }
    }
}
