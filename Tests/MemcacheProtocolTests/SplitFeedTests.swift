// Split-point tests: a request stream must produce the same bytes however it is cut into reads, whether
// one byte at a time, at every single split point, or at random points.
//
// The corpus avoids the two behaviours that legitimately depend on read boundaries in memcached too: a
// too-long key in a multi-get (drops the replies not yet sent) and the close on a 2048-byte line.

import CacheEngine
import Testing

@testable import MemcacheProtocol

/// Deterministic pseudo-random numbers (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Split feeds")
struct SplitFeedTests {
    static let corpus: [String] = [
        "set a 1 0 5\r\nhello\r\nget a\r\ngets a b\r\n",
        "set bd 0 0 3\r\nabcdef\r\nget bd\r\nset n 0 0 3\r\n100\r\ndecr n 1\r\nget n\r\nincr n 5\r\n",
        "set big 0 0 3000\r\n" + String(repeating: "x", count: 3000) + "\r\nversion\r\n",
        "add a 0 0 1 noreply\r\nz\r\nappend a 0 0 2\r\n!!\r\nprepend a 0 0 1\r\n<\r\nget a\r\ndelete a\r\ndelete a 0\r\n",
        "get\r\n\r\nGET x\r\nset k 0 0\r\nset k 0 0 -1\r\nincr k abc\r\ntouch k 10\r\ngat 10 k a\r\n",
        "set sp  0  0  2\r\nab\r\nget  sp  sp \nverbosity 1\r\nflush_all 0\r\nget sp\r\n",
        "set z 0 0 0\r\n\r\nget z\r\ncas z 0 0 1 1\r\nq\r\ncas nope 0 0 1 1\r\nq\r\n",
        "set t 0 0 1\r\nt\r\ngets t\r\nget " + (0..<60).map { "k\($0)" }.joined(separator: " ") + " t\r\n",
        "set w 0 0 4 noreply\r\nabcd\r\nset w2 0 0 4 noreply\r\nabcdef\r\nget w w2\r\nstats detail dump\r\n",
        "gets " + (0..<400).map { "key\($0)" }.joined(separator: " ") + " w\r\nmn\r\n",
    ]

    static var corpusBytes: [UInt8] { Array(corpus.joined().utf8) }

    static func makeHarness(maxRequests: Int = 20) throws -> SessionHarness {
        let settings = ProtocolSettings()
        var configuration = EngineConfiguration()
        configuration.itemSizeMax = 2048
        return try SessionHarness(settings: settings, configuration: configuration, maxRequests: maxRequests)
    }

    static func run(_ input: [UInt8], cuts: [Int], maxRequests: Int = 20) throws -> [UInt8] {
        let harness = try makeHarness(maxRequests: maxRequests)
        var answer: [UInt8] = []
        var start = 0
        for cut in cuts + [input.count] where cut > start {
            answer += harness.feed(Array(input[start..<cut]))
            start = cut
        }
        #expect(harness.pending.isEmpty)
        return answer
    }

    @Test func corpusHasExpectedShape() throws {
        let whole = try SplitFeedTests.run(SplitFeedTests.corpusBytes, cuts: [])
        let text = String(decoding: whole, as: UTF8.self)
        #expect(text.hasPrefix("STORED\r\nVALUE a 1 5\r\nhello\r\nEND\r\n"))
        #expect(text.contains("CLIENT_ERROR bad data chunk\r\nERROR\r\n"))
        #expect(text.contains("SERVER_ERROR object too large for cache\r\nVERSION 1.6.18\r\n"))
        #expect(text.contains("VALUE w 0 4\r\nabcd\r\nEND\r\nEND\r\n"))
        #expect(SplitFeedTests.corpus.last!.utf8.count > 2048)
    }

    @Test func oneByteAtATime() throws {
        let input = SplitFeedTests.corpusBytes
        let whole = try SplitFeedTests.run(input, cuts: [])
        let bytewise = try SplitFeedTests.run(input, cuts: Array(1..<input.count))
        #expect(bytewise == whole)
    }

    @Test(arguments: SplitFeedTests.corpus.indices)
    func everySingleSplitPoint(_ index: Int) throws {
        let input = Array(SplitFeedTests.corpus[index].utf8)
        let whole = try SplitFeedTests.run(input, cuts: [])
        for cut in 1..<input.count {
            let split = try SplitFeedTests.run(input, cuts: [cut])
            #expect(split == whole, "split at \(cut)")
            if split != whole { break }
        }
    }

    @Test func randomSplits() throws {
        let input = SplitFeedTests.corpusBytes
        let whole = try SplitFeedTests.run(input, cuts: [])
        var random = SplitMix64(state: 0x5EED)
        for round in 0..<40 {
            let count = Int.random(in: 1...40, using: &random)
            let cuts = (0..<count).map { _ in Int.random(in: 1..<input.count, using: &random) }.sorted()
            let split = try SplitFeedTests.run(input, cuts: cuts, maxRequests: Int.random(in: 1...30, using: &random))
            #expect(split == whole, "round \(round) cuts \(cuts)")
        }
    }

    @Test func requestCapDoesNotChangeOutput() throws {
        let input = SplitFeedTests.corpusBytes
        let whole = try SplitFeedTests.run(input, cuts: [])
        for cap in [1, 2, 3, 7] {
            #expect(try SplitFeedTests.run(input, cuts: [], maxRequests: cap) == whole, "cap \(cap)")
        }
    }

    @Test func garbageNeverCrashesOrStalls() throws {
        // Random bytes biased towards protocol characters: the session must always make progress or ask
        // for more data, never crash, and never leave a complete line unprocessed.
        var random = SplitMix64(state: 42)
        let alphabet = Array("get set gets incr cas delete touch gat 0 1 -1 99 noreply \r\n\r\n \n k v \u{0} \t".utf8)
        for _ in 0..<200 {
            let harness = try SplitFeedTests.makeHarness()
            let length = Int.random(in: 1...300, using: &random)
            let input = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            var offset = 0
            while offset < input.count && !harness.closed {
                let next = min(input.count, offset + Int.random(in: 1...17, using: &random))
                harness.feed(Array(input[offset..<next]))
                offset = next
            }
        }
    }
}
