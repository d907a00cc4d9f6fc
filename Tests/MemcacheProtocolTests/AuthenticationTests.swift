// ASCII authentication (memcached's -Y) and read-only users: every reply of the unauthenticated reader
// (memcached 1.6.18's bytes, from the ops captures and checked against memcached itself), the same stream
// split at every point, the authfile parser, the constant-time comparison, read-only refusals and
// refresh_auth.

import CacheEngine
import Testing

@testable import MemcacheProtocol

/// A session whose server requires user1/pass1 and user2/pass2 (read-write) and reader/rpass (read-only).
func authHarness(maxRequests: Int = 20, hooks: FakeServerHooks = FakeServerHooks()) throws -> SessionHarness {
    try SessionHarness(settings: authSettings(), maxRequests: maxRequests, hooks: hooks)
}

func authSettings(_ credentials: Credentials? = nil) throws -> ProtocolSettings {
    var settings = ProtocolSettings()
    settings.credentials = try credentials ?? testCredentials()
    return settings
}

func testCredentials() throws -> Credentials {
    let table = try CredentialTable(readWrite: bytes("user1:pass1\nuser2:pass2\n"), readOnly: bytes("reader:rpass\n"))
    return Credentials(path: "/etc/users", readOnlyPath: "/etc/readers", table: table)
}

private let unauthenticated = "CLIENT_ERROR unauthenticated\r\n"
private let failure = "CLIENT_ERROR authentication failure\r\n"
private let badFormat = "CLIENT_ERROR bad authentication token format\r\n"
private let denied = "CLIENT_ERROR permission denied\r\n"

@Suite("Authentication")
struct AuthenticationTests {
    @Test(arguments: [
        "get a\r\n", "version\r\n", "stats\r\n", "quit\r\n", "bogus\r\n", "mn\r\n", "mg a v\r\n", "me a\r\n",
        "add x 0 0 1\r\n", "set x 0 0\r\n", "set x\r\n", "SET x 0 0 11\r\n", "cas x 0 0 11 1\r\n", "\r\n",
        "set 0 0 11\r\n", "set x 0 0 -1\r\n", "set x 0 0 11abc\r\n", "set x 0 0 0x10\r\n", "refresh_auth\r\n",
        "shutdown\r\n", "flush_all\r\n",
    ])
    func everyOtherCommandIsUnauthenticated(_ request: String) throws {
        let mc = try authHarness()
        #expect(mc.send(request) == unauthenticated)
        #expect(!mc.closed)
        // Still unauthenticated, and a retry works.
        #expect(mc.send("get a\r\nset x 0 0 11\r\nuser1 pass1\r\nget x\r\n") == unauthenticated + "STORED\r\nEND\r\n")
    }

    @Test func metaSetBeforeAuthenticationIsTwoLines() throws {
        // The data block of an unauthenticated ms is not skipped: it is a line of its own.
        let mc = try authHarness()
        #expect(mc.send("ms a 2\r\nhi\r\n") == unauthenticated + unauthenticated)
    }

    @Test func successThenEverythingWorks() throws {
        let mc = try authHarness()
        #expect(mc.send("set x 0 0 11\r\nuser1 pass1\r\n") == "STORED\r\n")
        // Nothing was stored, and commands now run.
        #expect(mc.send("get x\r\n") == "END\r\n")
        #expect(
            mc.send("set x 0 0 11\r\nuser1 pass1\r\nget x\r\n") == "STORED\r\nVALUE x 0 11\r\nuser1 pass1\r\nEND\r\n")
        #expect(mc.send("mn\r\nversion\r\n") == "MN\r\nVERSION 1.6.18\r\n")
        #expect(mc.session.authenticated && !mc.session.readOnly)
    }

    @Test func failuresAndRetries() throws {
        let credentials = try testCredentials()
        let mc = try SessionHarness(settings: authSettings(credentials))
        #expect(mc.send("set x 0 0 11\r\nuser1 passX\r\n") == failure)
        #expect(mc.send("set x 0 0 11\r\nuserX pass1\r\n") == failure)
        #expect(mc.send("set x 0 0 11\r\nuser1 pass2\r\n") == failure)  // another user's password
        #expect(mc.send("set x 0 0 12\r\nuser1 pass1\n\r\n") == failure)  // the "\n" belongs to the password
        #expect(mc.send("set x 0 0 11\r\nuser1 pa\u{0}s1\r\n") == failure)  // data ends at a NUL
        #expect(mc.send("get a\r\n") == unauthenticated)
        #expect(credentials.counters == (5, 5))
        #expect(mc.send("set x 0 0 11\r\nuser2 pass2\r\n") == "STORED\r\n")
        #expect(credentials.counters == (6, 5))
        credentials.resetCounters()
        #expect(credentials.counters == (0, 0))
    }

    @Test(arguments: [
        "set x 0 0 10\r\nuser1pass1\r\n", "set x 0 0 0\r\n\r\n", "set x 0 0 6\r\nuser1 \r\n",
        "set x 0 0 11\r\n\u{0}ser1 pass1\r\n", "set x 0 0 11\r\nuser1\tpass1\r\n", "set x 0 0 -0\r\n\r\n",
        "set x 0 0 3\r\n pw\r\n",
    ])
    func badTokenFormat(_ request: String) throws {
        let credentials = try testCredentials()
        let mc = try SessionHarness(settings: authSettings(credentials))
        #expect(mc.send(request) == badFormat)
        // Not an authentication attempt for the counters.
        #expect(credentials.counters == (0, 0))
    }

    @Test func badTermination() throws {
        let mc = try authHarness()
        // The 13-byte block "user1 pass1XY" is consumed whole.
        #expect(mc.send("set x 0 0 11\r\nuser1 pass1XY") == "CLIENT_ERROR bad command line termination\r\n")
        #expect(mc.send("set x 0 0 11\r\nuser1 pass1\r\n") == "STORED\r\n")
        // memcached sends only the last of these two (see the deliberate difference): we send both.
        let mc2 = try authHarness()
        #expect(
            mc2.send("set x 0 0 5\r\nuser1 pass1\r\n")
                == "CLIENT_ERROR bad command line termination\r\n" + unauthenticated)
    }

    @Test func keyFlagsTTLAndNoreplyIgnored() throws {
        for line in [
            "set whatever 5 100 11\r\n", "set x 0 0 11 noreply\r\n", "  set x 0 0 11\r\n", "set x 0 0 +11\r\n",
            "set x 0 0 11\n", "set x 0 0 11\rnoreply\r\n", "set x y z 11 a b c d e f\r\n",
        ] {
            let mc = try authHarness()
            #expect(mc.send(line + "user2 pass2\r\n") == "STORED\r\n", "\(line)")
        }
    }

    @Test func tokenDetails() throws {
        // Leading spaces and extra tokens in the data are ignored; only spaces separate.
        for data in ["  user1 pass1", "user1  pass1", "user1 pass1 extra", "user1 pass1 "] {
            let mc = try authHarness()
            #expect(mc.send("set x 0 0 \(data.utf8.count)\r\n\(data)\r\n") == "STORED\r\n", "\(data)")
        }
    }

    @Test func thirtyTwoBitLength() throws {
        // memcached keeps the length in 32 bits: 4294967309 is 13, so 15 bytes are waited for.
        let mc = try authHarness()
        #expect(mc.send("set x 0 0 4294967309\r\nuser1 pass1") == "")
        #expect(mc.send(" z") == "")
        #expect(mc.send("\r\n") == "STORED\r\n")
    }

    @Test func pipelinedAuthenticationThenCommands() throws {
        let mc = try authHarness()
        #expect(
            mc.send("set x 0 0 11\r\nuser1 pass1\r\nset k 0 0 1\r\nv\r\nget k\r\nmn\r\n")
                == "STORED\r\nSTORED\r\nVALUE k 0 1\r\nv\r\nEND\r\nMN\r\n")
    }

    @Test func everyPipelinedRequestGetsItsReply() throws {
        // memcached collapses these into the last reply; swiftcached answers each (README).
        let mc = try authHarness()
        #expect(mc.send("get a\r\nversion\r\n") == unauthenticated + unauthenticated)
        let mc2 = try authHarness()
        #expect(
            mc2.send("get a\r\nset x 0 0 11\r\nuser1 pass1\r\nversion\r\n")
                == unauthenticated + "STORED\r\nVERSION 1.6.18\r\n")
    }

    @Test func fewerThanTwoBytesWait() throws {
        let mc = try authHarness()
        #expect(mc.send("\n") == "")
        #expect(mc.send("get a\r\n") == unauthenticated + unauthenticated)
    }

    @Test func longLineWithoutNewlineCloses() throws {
        let mc = try authHarness()
        #expect(mc.send(String(repeating: "x", count: 2048)) == "")
        #expect(!mc.closed)
        #expect(mc.send("x") == "")
        #expect(mc.closed)
        // A multi-get gets no exception before authentication.
        let mc2 = try authHarness()
        mc2.send("get " + String(repeating: "k ", count: 1500))
        #expect(mc2.closed)
        // Replies of the same read are dropped, as memcached's close drops its queue.
        let mc3 = try authHarness()
        #expect(mc3.send("get a\r\n" + String(repeating: "x", count: 2049)) == "")
        #expect(mc3.closed)
        // ... but not replies sent before.
        let mc4 = try authHarness()
        #expect(mc4.send("get a\r\n" + String(repeating: "x", count: 2000)) == unauthenticated)
        #expect(mc4.send(String(repeating: "x", count: 49)) == "")
        #expect(mc4.closed)
    }

    @Test func dataBlockLimit() throws {
        let mc = try authHarness()
        let big = String(repeating: "a", count: 16382)
        #expect(mc.send("set x 0 0 16382\r\n" + big + "\r\n") == badFormat)
        let mc2 = try authHarness()
        #expect(mc2.send("set x 0 0 16383\r\n") == "")
        #expect(mc2.send(String(repeating: "a", count: 16383)) == "")
        #expect(!mc2.closed)
        #expect(mc2.send("a") == "")
        #expect(mc2.closed)
        let mc3 = try authHarness()
        #expect(mc3.send("set x 0 0 4294967295\r\n" + String(repeating: "a", count: 16384)) == "")
        #expect(mc3.closed)
    }

    @Test func requestCapYieldsBeforeAuthentication() throws {
        let mc = try authHarness(maxRequests: 2)
        let reply = mc.send(String(repeating: "get a\r\n", count: 5) + "set x 0 0 11\r\nuser1 pass1\r\nmn\r\n")
        #expect(reply == String(repeating: unauthenticated, count: 5) + "STORED\r\nMN\r\n")
        #expect(mc.yields == 3)
    }

    static let splitCorpus =
        "get a\r\nset x 0 0 11\r\nuser1 passX\r\nset x 0 0 5\r\nuser1 pass1\r\nset x 0 0 4\r\nab c\r\n\r\n"
        + "set x 0 0 0\r\n\r\nmg a v\r\nset x 0 0 11\r\nuser2 pass2\r\nset k 0 0 2\r\nhi\r\nget k\r\n"

    @Test func everySplitPointGivesTheSameBytes() throws {
        let input = bytes(Self.splitCorpus)
        func run(_ cuts: [Int], maxRequests: Int = 20) throws -> [UInt8] {
            let mc = try authHarness(maxRequests: maxRequests)
            var answer: [UInt8] = []
            var start = 0
            for cut in cuts + [input.count] where cut > start {
                answer += mc.feed(Array(input[start..<cut]))
                start = cut
            }
            #expect(mc.pending.isEmpty)
            return answer
        }
        let whole = try run([])
        #expect(
            String(decoding: whole, as: UTF8.self)
                == unauthenticated + failure + "CLIENT_ERROR bad command line termination\r\n" + unauthenticated
                + failure + unauthenticated + badFormat + unauthenticated
                + "STORED\r\nSTORED\r\nVALUE k 0 2\r\nhi\r\nEND\r\n")
        #expect(try run(Array(1..<input.count)) == whole)
        for cut in 1..<input.count {
            let split = try run([cut])
            #expect(split == whole, "split at \(cut)")
            if split != whole { break }
        }
        for cap in [1, 2, 3] { #expect(try run([], maxRequests: cap) == whole, "cap \(cap)") }
    }

    @Test func randomStreamsAreSplitInvariant() throws {
        // Random requests built from authentication fragments: whatever the cuts and the -R cap, the bytes
        // answered are those of the whole stream, and nothing complete is left unprocessed.
        let pieces = [
            "set x 0 0 11\r\n", "user1 pass1\r\n", "user1 passX\r\n", "set x 0 0 5\r\n", "get a\r\n", "\r\n",
            "\n", "set ", "0 ", "11", "\r", " ", "user2 pass2", "mn\r\n", "set k 0 0 1\r\nv\r\n", "\u{0}",
            "set x 0 0 -0\r\n", "ms a 2\r\nhi\r\n", "delete k\r\n",
        ]
        var random = SplitMix64(state: 0xA11CE)
        for round in 0..<150 {
            let count = Int.random(in: 1...25, using: &random)
            let input = bytes((0..<count).map { _ in pieces.randomElement(using: &random)! }.joined())
            func run(_ cuts: [Int], cap: Int) throws -> ([UInt8], Bool) {
                let mc = try authHarness(maxRequests: cap)
                var answer: [UInt8] = []
                var start = 0
                for cut in cuts + [input.count] where cut > start && !mc.closed {
                    answer += mc.feed(Array(input[start..<cut]))
                    start = cut
                }
                return (answer, mc.closed)
            }
            let whole = try run([], cap: 20)
            let cuts = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                Int.random(in: 0...input.count, using: &random)
            }.sorted()
            let split = try run(cuts, cap: Int.random(in: 1...4, using: &random))
            #expect(
                split.0 == whole.0 && split.1 == whole.1, "round \(round): \(String(decoding: input, as: UTF8.self))")
        }
    }

    @Test func noCredentialsMeansNoAuthentication() throws {
        let mc = try SessionHarness()
        #expect(mc.session.authenticated)
        #expect(mc.send("refresh_auth\r\n") == "ERROR\r\n")
    }
}

@Suite("Read-only users")
struct ReadOnlyUserTests {
    static func readerHarness() throws -> SessionHarness {
        let mc = try authHarness()
        #expect(mc.send("set x 0 0 12\r\nreader rpass\r\n") == "STORED\r\n")
        #expect(mc.session.readOnly)
        return mc
    }

    @Test func readsWork() throws {
        let mc = try authHarness()
        #expect(mc.send("set x 0 0 11\r\nuser1 pass1\r\nset k 0 0 1\r\nv\r\n") == "STORED\r\nSTORED\r\n")
        let reader = ProtocolSession(
            engine: mc.engine, context: mc.engine.makeWorkerContext(), settings: mc.session.settings, hooks: mc.hooks)
        let output = OutputBuffer(initialCapacity: 64)
        func ask(_ text: String) -> String {
            let input = bytes(text)
            let step = input.withUnsafeBytes { reader.process($0, output: output, maxRequests: 100) }
            #expect(step.consumed == input.count)
            let answer = output.withReadableBytes { String(decoding: $0, as: UTF8.self) }
            output.consume(output.readableBytes)
            return answer
        }
        #expect(ask("set x 0 0 12\r\nreader rpass\r\n") == "STORED\r\n")
        #expect(ask("get k\r\n") == "VALUE k 0 1\r\nv\r\nEND\r\n")
        #expect(ask("gets k\r\n").hasPrefix("VALUE k 0 1 "))
        #expect(ask("mg k v f\r\n") == "VA 1 f0\r\nv\r\n")
        #expect(ask("mg k s t c\r\n").hasPrefix("HD s1 t-1 c"))
        #expect(ask("me k\r\n").hasPrefix("ME k "))
        #expect(ask("mn\r\nversion\r\n") == "MN\r\nVERSION 1.6.18\r\n")
        #expect(ask("stats settings\r\n").hasSuffix("END\r\n"))
        #expect(ask("stats detail dump\r\n") == "END\r\n")
    }

    @Test(arguments: [
        "delete k\r\n", "delete k 0\r\n", "incr n 1\r\n", "decr n 1\r\n", "touch k 10\r\n", "gat 10 k\r\n",
        "gats 10 k\r\n", "flush_all\r\n", "flush_all 10\r\n", "verbosity 1\r\n", "shutdown\r\n",
        "cache_memlimit 100\r\n", "slabs reassign 1 2\r\n", "slabs automove 1\r\n", "lru tune 10 10 0.1 2\r\n",
        "lru mode flat\r\n", "lru_crawler crawl all\r\n", "lru_crawler disable\r\n", "stats reset\r\n",
        "stats detail on\r\n", "stats detail off\r\n", "stats sizes_enable\r\n", "refresh_auth\r\n",
        "delete\r\n",
    ])
    func classicMutationsAreRefused(_ request: String) throws {
        let mc = try Self.readerHarness()
        #expect(mc.send(request) == denied, "\(request)")
        // "\r\n" is one Character.
        #expect(mc.send(String(request.dropLast()) + " noreply\r\n") == "", "\(request) noreply")
        #expect(!mc.closed)
        #expect(mc.hooks.verbosityLevels.isEmpty && mc.hooks.shutdownRequests.isEmpty && mc.hooks.resetCount == 0)
    }

    @Test(arguments: [
        "md k\r\n", "md k q\r\n", "ma n\r\n", "ma n q MI D5\r\n", "mg k T10\r\n", "mg k v N30\r\n",
        "mg k R30 v\r\n", "mg k q T1\r\n",
    ])
    func metaMutationsAreRefused(_ request: String) throws {
        let mc = try Self.readerHarness()
        #expect(mc.send(request) == denied)
    }

    @Test func storageCommandsSkipTheirData() throws {
        let mc = try Self.readerHarness()
        for command in ["set", "add", "replace", "append", "prepend"] {
            #expect(mc.send("\(command) k 0 0 5\r\nget k\r\n") == denied, "\(command)")
            #expect(mc.send("\(command) k 0 0 5 noreply\r\nhello\r\nmn\r\n") == "MN\r\n", "\(command) noreply")
        }
        #expect(mc.send("cas k 0 0 5 1\r\nhello\r\nmn\r\n") == denied + "MN\r\n")
        #expect(mc.send("ms k 5\r\nhello\r\nmn\r\n") == denied + "MN\r\n")
        #expect(mc.send("ms k 5 q T0\r\nhello\r\nmn\r\n") == denied + "MN\r\n")
        // A data block split over several reads is skipped as it arrives.
        #expect(mc.send("set k 0 0 10\r\nget") == denied)
        #expect(mc.send(" k\r\n") == "")
        #expect(mc.send("abc\r\nmn\r\n") == "MN\r\n")
        // A malformed header gets its usual error, and the data is a command line, as in memcached.
        #expect(mc.send("set k 0 0 x\r\nmn\r\n") == "CLIENT_ERROR bad command line format\r\nMN\r\n")
        #expect(mc.send("get k\r\n") == "END\r\n")
    }

    @Test func lruCrawlerMetadumpIsARead() throws {
        let mc = try Self.readerHarness()
        #expect(mc.send("lru_crawler metadump all\r\n").hasSuffix("END\r\n"))
    }

    @Test func readWriteUsersAreNotRestricted() throws {
        let mc = try authHarness()
        #expect(
            mc.send("set x 0 0 11\r\nuser2 pass2\r\nset n 0 0 1\r\n5\r\nincr n 1\r\ndelete n\r\n")
                == "STORED\r\nSTORED\r\n6\r\nDELETED\r\n")
        #expect(!mc.session.readOnly)
    }
}

@Suite("Credentials")
struct CredentialsTests {
    func access(_ table: CredentialTable, _ user: String, _ password: String) -> AccessLevel? {
        let u = bytes(user)
        let p = bytes(password)
        return u.withUnsafeBytes { ub in p.withUnsafeBytes { pb in table.access(user: ub, password: pb) } }
    }

    @Test func memcachedFormat() throws {
        let table = try CredentialTable(readWrite: bytes("user1:pass1\r\na:b:c\nu: p q\nlast:line"))
        #expect(table.count == 4)
        #expect(access(table, "user1", "pass1") == .readWrite)  // CRLF
        #expect(access(table, "a", "b:c") == .readWrite)  // the first ':' splits
        #expect(access(table, "a:b", "c") == nil)
        #expect(access(table, "u", " p q") == .readWrite)  // spaces belong to the password
        #expect(access(table, "last", "line") == .readWrite)  // no final newline: memcached differs (README)
        #expect(access(table, "user1", "pass") == nil)
        #expect(access(table, "user1", "pass11") == nil)
        #expect(access(table, "user", "pass1") == nil)
        #expect(access(table, "", "") == nil)
    }

    @Test func emptyFileLetsNobodyIn() throws {
        let table = try CredentialTable(readWrite: [])
        #expect(table.count == 0)
        #expect(access(table, "a", "b") == nil)
    }

    @Test(arguments: ["nocolon\n", "\nuser:pw\n", "user:pw\n\n", "user:pw\n\nuser2:pw\n", "us\u{0}er:pw\n", "\n"])
    func malformed(_ text: String) {
        #expect(throws: CredentialTable.ParseError.malformed) { try CredentialTable(readWrite: bytes(text)) }
    }

    @Test func nulEndsThePassword() throws {
        let table = try CredentialTable(readWrite: bytes("user1:pa\u{0}ss\nuser2:pass2\n"))
        #expect(access(table, "user1", "pa") == .readWrite)
        #expect(access(table, "user2", "pass2") == .readWrite)
    }

    @Test func moreThanEightUsersAndLongLines() throws {
        let many = (0..<20).map { "user\($0):pass\($0)\n" }.joined() + "u:" + String(repeating: "p", count: 300) + "\n"
        let table = try CredentialTable(readWrite: bytes(many))
        #expect(access(table, "user19", "pass19") == .readWrite)
        #expect(access(table, "u", String(repeating: "p", count: 300)) == .readWrite)
    }

    @Test func readOnlyFile() throws {
        let table = try CredentialTable(readWrite: bytes("rw:1\n"), readOnly: bytes("ro:2\n"))
        #expect(access(table, "rw", "1") == .readWrite)
        #expect(access(table, "ro", "2") == .readOnly)
        #expect(access(table, "ro", "1") == nil)
        #expect(throws: CredentialTable.ParseError.duplicateAcrossFiles("rw")) {
            try CredentialTable(readWrite: bytes("rw:1\n"), readOnly: bytes("rw:2\n"))
        }
        #expect(throws: CredentialTable.ParseError.malformed) {
            try CredentialTable(readWrite: bytes("rw:1\n"), readOnly: bytes("ro\n"))
        }
    }

    @Test func constantTimeEqualsIsEquality() {
        let stored = bytes("secret")
        for (presented, expected) in [
            ("secret", 1), ("secreT", 0), ("Secret", 0), ("secre", 0), ("secrets", 0), ("secretsecret", 0), ("", 0),
            ("s", 0),
        ] {
            let p = bytes(presented)
            let result = p.withUnsafeBytes {
                CredentialTable.constantTimeEquals($0, stored, storedLength: stored.count)
            }
            #expect(result == UInt8(expected), "\(presented)")
        }
        // An empty stored value is kept as one padding byte with length 0.
        let empty = bytes("x").withUnsafeBytes { CredentialTable.constantTimeEquals($0, [0], storedLength: 0) }
        #expect(empty == 0)
        let nothing = [UInt8]().withUnsafeBytes { CredentialTable.constantTimeEquals($0, [0], storedLength: 0) }
        #expect(nothing == 1)
    }

    @Test func replacingTheTableAffectsNewAttemptsOnly() throws {
        let credentials = try testCredentials()
        let settings = try authSettings(credentials)
        let before = try SessionHarness(settings: settings)
        #expect(before.send("set x 0 0 11\r\nuser1 pass1\r\n") == "STORED\r\n")
        credentials.replace(with: try CredentialTable(readWrite: bytes("user3:pass3\n")))
        #expect(credentials.userCount == 1)
        let after = try SessionHarness(settings: settings)
        #expect(after.send("set x 0 0 11\r\nuser1 pass1\r\n") == failure)
        #expect(after.send("set x 0 0 11\r\nuser3 pass3\r\n") == "STORED\r\n")
        // The connection authenticated before keeps working.
        #expect(before.send("mn\r\n") == "MN\r\n")
    }

    @Test func refreshAuthAsksTheServer() throws {
        let hooks = FakeServerHooks()
        let mc = try authHarness(hooks: hooks)
        mc.send("set x 0 0 11\r\nuser1 pass1\r\n")
        hooks.reloadProblem = nil
        #expect(mc.send("refresh_auth\r\n") == "OK\r\n")
        hooks.reloadProblem = "authfile /x has a malformed entry"
        #expect(mc.send("refresh_auth\r\n") == "SERVER_ERROR authfile /x has a malformed entry\r\n")
        #expect(mc.send("refresh_auth noreply\r\n") == "")
        #expect(hooks.reloads == 3)
    }
}
