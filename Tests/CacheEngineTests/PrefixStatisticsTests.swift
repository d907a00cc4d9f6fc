// PrefixStatistics on its own: the two hashes memcached buckets prefixes by (published test vectors), the
// dump format, bucket order, memcached's strncmp-style lookup, the delimiter rules and reset.

import Testing

@testable import CacheEngine

private func hashOf(_ text: String, _ function: (UnsafeRawBufferPointer) -> UInt32) -> UInt32 {
    Array(text.utf8).withUnsafeBytes { function($0) }
}

private func record(_ stats: PrefixStatistics, get key: String, hit: Bool = false) {
    Array(key.utf8).withUnsafeBytes { stats.recordGet($0, hit: hit) }
}

private func record(_ stats: PrefixStatistics, set key: String) {
    Array(key.utf8).withUnsafeBytes { stats.recordSet($0) }
}

private func record(_ stats: PrefixStatistics, delete key: String) {
    Array(key.utf8).withUnsafeBytes { stats.recordDelete($0) }
}

private func dump(_ stats: PrefixStatistics) -> String { String(decoding: stats.dump(), as: UTF8.self) }

@Suite("Prefix statistics")
struct PrefixStatisticsTests {
    @Test func murmur3MatchesReferenceVectors() {
        #expect(hashOf("", PrefixStatistics.murmur3) == 0)
        #expect(hashOf("hello", PrefixStatistics.murmur3) == 0x248b_fa47)
        #expect(hashOf("The quick brown fox jumps over the lazy dog", PrefixStatistics.murmur3) == 0x2e4f_f723)
    }

    @Test func jenkinsMatchesLookup3Vectors() {
        #expect(hashOf("", PrefixStatistics.jenkins) == 0xdead_beef)
        #expect(hashOf("Four score and seven years ago", PrefixStatistics.jenkins) == 0x1777_0551)
    }

    @Test func offByDefaultWithColonDelimiter() {
        let stats = PrefixStatistics()
        #expect(!stats.isEnabled)
        #expect(stats.delimiter == UInt8(ascii: ":"))
        #expect(dump(stats) == "END\r\n")
    }

    @Test func dumpFormatAndCounters() {
        let stats = PrefixStatistics()
        record(stats, set: "user:1")
        record(stats, get: "user:1", hit: true)
        record(stats, get: "user:2")
        record(stats, delete: "user:3")
        record(stats, get: "plain")  // no delimiter: not tracked
        #expect(dump(stats) == "PREFIX user get 2 hit 1 set 1 del 1\r\nEND\r\n")
    }

    /// Buckets in increasing order of murmur3(prefix) % 256, newest first within a bucket.
    @Test func orderFollowsBucketsThenNewestFirst() {
        let stats = PrefixStatistics()
        let prefixes = (0..<600).map { "p\($0)" }
        for prefix in prefixes { record(stats, set: prefix + ":k") }
        var expected: [String] = []
        for bucket in 0..<256 {
            let inBucket = prefixes.filter { hashOf($0, PrefixStatistics.murmur3) % 256 == UInt32(bucket) }
            expected += inBucket.reversed()
        }
        let listed = dump(stats).split(separator: "\r\n").dropLast().map { $0.split(separator: " ")[1] }
        #expect(listed.map(String.init) == expected)
    }

    /// memcached compares a new prefix with strncmp over its own length, so in one bucket a stored longer
    /// prefix that starts with it absorbs its counts; the empty prefix matches whatever its bucket holds.
    @Test func lookupComparesOnlyTheNewPrefixLength() throws {
        let stats = PrefixStatistics()
        let emptyBucket = hashOf("", PrefixStatistics.murmur3) % 256
        let sameBucket = (0..<10_000).map { "q\($0)" }.first {
            hashOf($0, PrefixStatistics.murmur3) % 256 == emptyBucket
        }
        let stored = try #require(sameBucket)
        record(stats, set: stored + ":x")
        record(stats, get: ":x")
        #expect(dump(stats) == "PREFIX \(stored) get 1 hit 0 set 1 del 0\r\nEND\r\n")
    }

    @Test func configureSetsDelimiterStateAndHash() {
        let stats = PrefixStatistics()
        stats.configure(delimiter: UInt8(ascii: "/"), enabled: true, hash: .jenkins)
        #expect(stats.isEnabled)
        #expect(stats.delimiter == UInt8(ascii: "/"))
        for prefix in ["a", "b", "c", "d", "e", ""] { record(stats, set: prefix + "/k:z") }
        let order = ["a", "b", "c", "d", "e", ""].sorted {
            hashOf($0, PrefixStatistics.jenkins) % 256 < hashOf($1, PrefixStatistics.jenkins) % 256
        }
        let listed = dump(stats).split(separator: "\r\n", omittingEmptySubsequences: false).dropLast(2)
        #expect(listed.map { String($0) } == order.map { "PREFIX \($0) get 0 hit 0 set 1 del 0" })
        stats.setEnabled(false)
        #expect(!stats.isEnabled)
    }

    @Test func resetForgetsEverything() {
        let stats = PrefixStatistics()
        record(stats, set: "a:1")
        stats.reset()
        #expect(dump(stats) == "END\r\n")
        record(stats, get: "b:1")
        #expect(dump(stats) == "PREFIX b get 1 hit 0 set 0 del 0\r\nEND\r\n")
    }
}
