// Credentials: the users of memcached's ASCII authentication (`-Y <authfile>`) and swiftcached's read-only
// users (`-o auth_readonly_file=<path>`), the authfile parser and the constant-time check.
//
// Authfile format, as memcached 1.6.18 reads it: one `user:password` per line; the user ends at the first
// ':', the password at the first '\r', '\n' or NUL (so CRLF files work and a password may hold ':' or
// spaces, although a client can never send one with a space). A line without ':' (an empty line too) makes
// the whole file malformed; an empty file is valid and lets nobody in. Where memcached 1.6.18 differs
// (only its first 8 entries count, a line is cut after 255 bytes, a one-line file without a final newline
// loses the password's last byte, a NUL in a password ends the file) swiftcached reads the file as
// written; the README's compatibility table lists these.
//
// The read-only file has the same format, so the main authfile stays readable by memcached itself (which
// then simply does not know the read-only users). A name may appear in only one of the two files.
//
// Not on the request path: a connection checks credentials once, when it authenticates.

import Synchronization

/// What an authenticated connection may do.
public enum AccessLevel: Sendable, Equatable {
    /// Every command.
    case readWrite
    /// Commands that only read; mutations get `CLIENT_ERROR permission denied`.
    case readOnly
}

/// The users of one load of the authfile(s).
public struct CredentialTable: Sendable {
    struct Entry: Sendable {
        /// User name bytes, padded to at least one byte (see `constantTimeEquals`); `userLength` is real.
        var user: [UInt8]
        var userLength: Int
        var password: [UInt8]
        var passwordLength: Int
        var access: AccessLevel
    }

    private(set) var entries: [Entry] = []

    /// A table with no users (nobody can authenticate).
    public init() {}

    /// Number of users.
    public var count: Int { entries.count }

    /// Why an authfile was refused.
    public enum ParseError: Error, Equatable {
        /// A line is not `user:password` (memcached: "has a malformed entry").
        case malformed
        /// This user name is in both the read-write and the read-only file.
        case duplicateAcrossFiles(String)
    }

    /// Parses the main authfile (`readWrite`) and optionally the read-only one.
    public init(readWrite: [UInt8], readOnly: [UInt8]? = nil) throws(ParseError) {
        try Self.parse(readWrite, access: .readWrite, into: &entries)
        if let readOnly {
            let firstReadOnly = entries.count
            try Self.parse(readOnly, access: .readOnly, into: &entries)
            for ro in entries[firstReadOnly...] {
                for rw in entries[..<firstReadOnly] where rw.user.prefix(rw.userLength) == ro.user.prefix(ro.userLength)
                {
                    throw .duplicateAcrossFiles(String(decoding: ro.user.prefix(ro.userLength), as: UTF8.self))
                }
            }
        }
    }

    /// Reads `bytes` as memcached's authfile (see the file comment).
    static func parse(_ bytes: [UInt8], access: AccessLevel, into entries: inout [Entry]) throws(ParseError) {
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var colon = lineStart
            while colon < lineEnd && bytes[colon] != UInt8(ascii: ":") {
                // memcached stops at a NUL before the ':' and calls the entry malformed.
                if bytes[colon] == 0 { throw .malformed }
                colon += 1
            }
            guard colon < lineEnd else { throw .malformed }
            var passwordEnd = colon + 1
            while passwordEnd < lineEnd && bytes[passwordEnd] != 0x0D && bytes[passwordEnd] != 0 { passwordEnd += 1 }
            let user = Array(bytes[lineStart..<colon])
            let password = Array(bytes[(colon + 1)..<passwordEnd])
            entries.append(
                Entry(
                    user: user.isEmpty ? [0] : user, userLength: user.count,
                    password: password.isEmpty ? [0] : password, passwordLength: password.count, access: access))
            lineStart = lineEnd + 1
        }
    }

    /// The access of the user whose name and password are exactly these bytes, or nil.
    ///
    /// Constant time with respect to the stored credentials: every entry is compared, every comparison
    /// walks the whole presented user name and password (whatever the stored lengths) and nothing
    /// returns early, so the time depends only on the presented lengths and the number of entries.
    func access(user: UnsafeRawBufferPointer, password: UnsafeRawBufferPointer) -> AccessLevel? {
        var readWrite: UInt8 = 0
        var readOnly: UInt8 = 0
        for entry in entries {
            let match =
                Self.constantTimeEquals(user, entry.user, storedLength: entry.userLength)
                & Self.constantTimeEquals(password, entry.password, storedLength: entry.passwordLength)
            let isReadOnly: UInt8 = entry.access == .readOnly ? 1 : 0
            readWrite |= match & (isReadOnly ^ 1)
            readOnly |= match & isReadOnly
        }
        if readWrite != 0 { return .readWrite }
        if readOnly != 0 { return .readOnly }
        return nil
    }

    /// 1 when `presented` equals the first `storedLength` bytes of `stored`, else 0, without branching on
    /// the data: it reads `presented.count` bytes of `stored` (cyclically; `stored` is never empty) and
    /// folds every difference, the length difference included, into one accumulator.
    @inline(never)
    static func constantTimeEquals(_ presented: UnsafeRawBufferPointer, _ stored: [UInt8], storedLength: Int) -> UInt8 {
        var difference = UInt64(truncatingIfNeeded: presented.count ^ storedLength)
        stored.withUnsafeBufferPointer { storedBytes in
            let cycle = storedBytes.count
            var storedIndex = 0
            for index in 0..<presented.count {
                difference |= UInt64(presented[index] ^ storedBytes[storedIndex])
                storedIndex &+= 1
                storedIndex = storedIndex == cycle ? 0 : storedIndex
            }
        }
        // Fold to one bit without a data-dependent branch: (d | -d) has its top bit set iff d != 0.
        return UInt8(truncatingIfNeeded: ((difference | (0 &- difference)) >> 63) ^ 1)
    }
}

/// The credentials a server checks connections against, shared by every connection, replaceable while
/// running (`refresh_auth`), plus memcached's `auth_cmds` / `auth_errors` counters.
public final class Credentials: Sendable {
    /// `-Y` path, as given (reported by `stats settings` as `auth_enabled_ascii`).
    public let path: String
    /// `-o auth_readonly_file` path, if any.
    public let readOnlyPath: String?
    private let table: Mutex<CredentialTable>
    /// Authentication attempts with well-formed tokens (memcached's auth_cmds).
    let attempts = Atomic<UInt64>(0)
    /// Of those, the rejected ones (memcached's auth_errors).
    let failures = Atomic<UInt64>(0)

    public init(path: String, readOnlyPath: String? = nil, table: CredentialTable) {
        self.path = path
        self.readOnlyPath = readOnlyPath
        self.table = Mutex(table)
    }

    /// Installs a newly loaded table; connections authenticated before keep their access.
    public func replace(with newTable: CredentialTable) {
        table.withLock { $0 = newTable }
    }

    /// Users in the current table.
    public var userCount: Int { table.withLock { $0.count } }

    /// Checks a user and password, counting the attempt.
    public func authenticate(user: UnsafeRawBufferPointer, password: UnsafeRawBufferPointer) -> AccessLevel? {
        let access = table.withLock { $0.access(user: user, password: password) }
        attempts.add(1, ordering: .relaxed)
        if access == nil { failures.add(1, ordering: .relaxed) }
        return access
    }

    /// `auth_cmds` and `auth_errors`.
    public var counters: (attempts: UInt64, failures: UInt64) {
        (attempts.load(ordering: .relaxed), failures.load(ordering: .relaxed))
    }

    /// `stats reset`.
    public func resetCounters() {
        attempts.store(0, ordering: .relaxed)
        failures.store(0, ordering: .relaxed)
    }
}
