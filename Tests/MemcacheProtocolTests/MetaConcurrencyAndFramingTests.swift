// MetaConcurrencyAndFramingTests: lease property P1 under concurrency (several worker threads, each with its
// own session and WorkerContext, racing `mg <key> c v N30` on fresh keys: exactly one W per key), and
// framing: a pipeline of meta requests gives the same bytes however the input is split.

import CacheEngine
import Dispatch
import Synchronization
import Testing

@testable import MemcacheProtocol

@Suite("Meta concurrency and framing")
struct MetaConcurrencyAndFramingTests {
    @Test("racing vivifies: exactly one W per key, every other reader Z, all see the same CAS")
    func exactlyOneWinner() throws {
        let server = try MetaTestServer()
        let workers = 4
        let keys = 400
        let clients = (0..<workers).map { _ in server.connect() }
        let replies = Mutex<[[String]]>(Array(repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var mine: [String] = []
            mine.reserveCapacity(keys)
            for key in 0..<keys {
                mine.append(clients[worker].send("mg race\(key) c v N30\r\n"))
            }
            replies.withLock { $0[worker] = mine }
        }
        let all = replies.withLock { $0 }
        for key in 0..<keys {
            var winners = 0
            var waiters = 0
            var casValues = Set<Substring>()
            for worker in 0..<workers {
                let fields = all[worker][key].split(separator: "\r\n")[0].split(separator: " ")
                #expect(fields.count == 4 && fields[0] == "VA" && fields[1] == "0", "\(all[worker][key])")
                guard fields.count == 4 else { continue }
                casValues.insert(fields[2])
                if fields[3] == "W" { winners += 1 }
                if fields[3] == "Z" { waiters += 1 }
            }
            #expect(winners == 1, "key race\(key)")
            #expect(waiters == workers - 1, "key race\(key)")
            #expect(casValues.count == 1, "key race\(key)")
        }
    }

    /// A pipeline touching every meta command, with data blocks, quiet modes and base64 keys.
    static let pipeline =
        "ms fr1 5 T60 F3 c\r\nhello\r\nmg fr1 s v t f c k\r\nmg fr2 c v N30\r\nmg fr2 c v N30\r\n"
        + "ms fr2 2 q\r\nhi\r\nmd fr1 q\r\nmd fr1 k O77\r\nma cn N0 J41 v\r\nma cn v t\r\n"
        + "ms Zm9v 3 b k\r\nabc\r\nmg Zm9v b k v\r\nme fr2\r\nms bad 2 Y\r\nxx\r\nms big 3 MX\r\nabc\r\nmn\r\n"

    func runPipeline(splitAt cuts: [Int]) throws -> String {
        let server = try MetaTestServer(memoryLimit: 8 << 20)
        let client = server.connect()
        let bytes = Array(Self.pipeline.utf8)
        var answer: [UInt8] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            answer += client.send(bytes: Array(bytes[start..<cut]))
            start = cut
        }
        var normaliser = CASNormaliser()
        return normaliser.normalise(String(decoding: answer, as: UTF8.self))
    }

    @Test("the same bytes out for every two-way split of a meta pipeline")
    func everySplitPoint() throws {
        let whole = try runPipeline(splitAt: [])
        #expect(whole.hasSuffix("MN\r\n"))
        #expect(whole.contains("CLIENT_ERROR invalid flag\r\n"))
        for cut in 1..<Self.pipeline.utf8.count {
            let split = try runPipeline(splitAt: [cut])
            #expect(split == whole, "split at \(cut)")
            if split != whole { break }
        }
    }

    @Test("the same bytes out when the pipeline arrives one byte at a time")
    func byteAtATime() throws {
        let whole = try runPipeline(splitAt: [])
        #expect(try runPipeline(splitAt: Array(1..<Self.pipeline.utf8.count)) == whole)
    }
}
