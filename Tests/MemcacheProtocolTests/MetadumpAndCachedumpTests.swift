// MetadumpAndCachedumpTests: `lru_crawler metadump` (line format, key escaping, streaming over several
// `process` calls, requests after the dump, the pipelining refusal) and `stats cachedump` (COLD only,
// newest first, limit, errors).
import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("metadump and cachedump") struct MetadumpAndCachedumpTests {
    /// The lines of a dump without the END line, sorted (a metadump walks the hash table).
    func lines(_ reply: String) -> [String] {
        byteLines(reply).filter { $0 != "END\r" }.sorted()
    }

    /// Split at LF bytes (a Character would keep "\r\n" together).
    func byteLines(_ reply: String) -> [String] {
        reply.utf8.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func metadumpLinesInMemcachedsFormat() throws {
        let mc = try SessionHarness()
        let start = SessionHarness.startTime
        _ = mc.send("set k_ttl 0 300 1\r\na\r\nset k_flags 123 0 2\r\nbb\r\nset caf\u{e9}/x 0 0 3\r\nccc\r\n")
        _ = mc.send("get caf\u{e9}/x\r\n")
        let reply = mc.send("lru_crawler metadump all\r\n")
        #expect(reply.hasSuffix("END\r\n"))
        let now = start + Int(mc.engine.clock.now) - 2
        #expect(
            lines(reply) == [
                "key=caf%C3%A9%2Fx exp=-1 la=\(now) cas=3 fetch=yes cls=1 size=\(32 + 7 + 3)",
                "key=k_flags exp=-1 la=\(now) cas=2 fetch=no cls=1 size=\(32 + 7 + 2 + 4)",
                "key=k_ttl exp=\(now + 300) la=\(now) cas=1 fetch=no cls=1 size=\(32 + 5 + 1)",
            ])
        #expect(mc.send("lru_crawler metadump hash\r\n").hasSuffix("END\r\n"))
        #expect(mc.send("lru_crawler metadump 2\r\n") == "END\r\n")
        #expect(mc.send("lru_crawler metadump 0\r\n") == "BADCLASS invalid class id\r\n")
        #expect(mc.engine.statsSnapshot().crawlerItemsChecked == 3)  // `all` counts, `hash` does not
    }

    @Test func metadumpSkipsExpiredItems() throws {
        let mc = try SessionHarness()
        _ = mc.send("set gone 0 1 1\r\na\r\nset kept 0 0 1\r\nb\r\n")
        mc.engine.clock.advance(by: 2)
        #expect(lines(mc.send("lru_crawler metadump all\r\n")).map { $0.prefix(9) } == ["key=kept "])
    }

    /// A dump bigger than one batch streams over several calls; a request pipelined after it is answered
    /// after END, whatever the split of the input.
    @Test func largeMetadumpStreamsAndThenServesTheNextRequest() throws {
        let mc = try SessionHarness()
        let count = ProtocolSession.metadumpBatch * 3 + 17
        var load = ""
        for i in 0..<count { load += "set key\(i) 0 0 1 noreply\r\nx\r\n" }
        _ = mc.send(load)
        let request = Array("lru_crawler metadump all\r\nversion\r\n".utf8)
        for split in [1, 10, request.count - 3] {
            let first = mc.feed(Array(request[..<split]))
            let reply = String(decoding: first + mc.feed(Array(request[split...])), as: UTF8.self)
            #expect(reply.hasSuffix("END\r\nVERSION 1.6.18\r\n"))
            #expect(byteLines(reply).count == count + 2)
        }
        #expect(mc.streamedBatches >= 9)
    }

    @Test func cachedumpListsColdNewestFirst() throws {
        var flat = EngineConfiguration()
        flat.lruSegmented = false
        let mc = try SessionHarness(configuration: flat)
        _ = mc.send("set small1 0 0 1\r\na\r\nset small2 0 100 2\r\nbb\r\n")
        let expiry = SessionHarness.startTime + Int(mc.engine.clock.now) - 2 + 100
        #expect(
            mc.send("stats cachedump 1 10\r\n") == "ITEM small2 [2 b; \(expiry) s]\r\nITEM small1 [1 b; 0 s]\r\nEND\r\n"
        )
        #expect(mc.send("stats cachedump 1 1\r\n") == "ITEM small2 [2 b; \(expiry) s]\r\nEND\r\n")
        #expect(mc.send("stats cachedump 1 0\r\n").hasPrefix("ITEM small2"))
        #expect(mc.send("stats cachedump 2 0\r\n") == "END\r\n")
        #expect(mc.send("stats cachedump 64 10\r\n") == "CLIENT_ERROR Illegal slab id\r\n")
        #expect(mc.send("stats cachedump -1 10\r\n") == "CLIENT_ERROR bad command line format\r\n")
        #expect(mc.send("stats cachedump 1\r\n") == "CLIENT_ERROR bad command line\r\n")
        // Segmented: new items are in HOT, so not listed until they reach COLD.
        let segmented = try SessionHarness()
        _ = segmented.send("set small1 0 0 1\r\na\r\n")
        #expect(segmented.send("stats cachedump 1 10\r\n") == "END\r\n")
    }
}
