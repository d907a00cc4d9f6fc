// Tests of the latency histograms: the bucket math, the quantiles and their text, the per-family recording
// by a session (which commands count where, pipelined and split input, a data block still arriving, a
// rejected store), and `stats latency`.

import Foundation
import Testing

@testable import MemcacheProtocol

@Suite("Latency buckets and quantiles")
struct LatencyBucketTests {
    @Test("buckets tile 0 ns to the overflow bucket, 8 per power of two, at most 12.5 % wide")
    func tiling() {
        #expect(LatencyBuckets.count == 1 + 28 * 8 + 1)
        #expect(LatencyBuckets.index(nanoseconds: 0) == 0)
        #expect(LatencyBuckets.index(nanoseconds: 63) == 0)
        #expect(LatencyBuckets.index(nanoseconds: 64) == 1)
        #expect(LatencyBuckets.index(nanoseconds: 71) == 1)
        #expect(LatencyBuckets.index(nanoseconds: 72) == 2)
        #expect(LatencyBuckets.index(nanoseconds: 127) == 8)
        #expect(LatencyBuckets.index(nanoseconds: 128) == 9)
        #expect(LatencyBuckets.index(nanoseconds: (1 << 34) - 1) == LatencyBuckets.count - 2)
        #expect(LatencyBuckets.index(nanoseconds: 1 << 34) == LatencyBuckets.count - 1)
        #expect(LatencyBuckets.index(nanoseconds: UInt64.max) == LatencyBuckets.count - 1)
        #expect(LatencyBuckets.upperBound(of: LatencyBuckets.count - 1) == UInt64.max)
        for index in 0..<LatencyBuckets.count - 1 {
            let lower = LatencyBuckets.lowerBound(of: index)
            let upper = LatencyBuckets.upperBound(of: index)
            #expect(upper == LatencyBuckets.lowerBound(of: index + 1))
            #expect(LatencyBuckets.index(nanoseconds: lower) == index)
            #expect(LatencyBuckets.index(nanoseconds: upper - 1) == index)
            if index > 0 { #expect((upper - lower) * 8 <= lower, "bucket \(index): [\(lower), \(upper))") }
        }
        // Every power of two from 64 ns to 2^34 ns is a boundary (the Prometheus `le` bounds rely on it).
        for exponent in 6...34 {
            let bound = UInt64(1) << UInt64(exponent)
            #expect(LatencyBuckets.lowerBound(of: LatencyBuckets.index(nanoseconds: bound)) == bound)
        }
    }

    @Test("quantiles by nearest rank report the bucket's upper bound; exact integer ranks")
    func quantiles() {
        let recorder = LatencyHistograms()
        for _ in 0..<99 { recorder.record(.get, nanoseconds: 1_000) }
        recorder.record(.get, nanoseconds: 1_000_000)
        recorder.record(.set, nanoseconds: 1 << 40)
        let snapshot = LatencySnapshot(summing: [recorder])
        let small = LatencyBuckets.upperBound(of: LatencyBuckets.index(nanoseconds: 1_000))
        let large = LatencyBuckets.upperBound(of: LatencyBuckets.index(nanoseconds: 1_000_000))
        #expect(small == 1_024 && large == 1_048_576)
        #expect(snapshot.count(of: .get) == 100)
        #expect(snapshot.sum(of: .get) == 99 * 1_000 + 1_000_000)
        #expect(snapshot.quantile(.get, permyriad: 5000) == small)
        // Rank 99 of 100 (0.99 x 100 in floating point would round up to rank 100).
        #expect(snapshot.quantile(.get, permyriad: 9900) == small)
        #expect(snapshot.quantile(.get, permyriad: 9990) == large)
        #expect(snapshot.quantile(.get, permyriad: 0) == small)
        #expect(snapshot.quantile(.delete, permyriad: 5000) == nil)
        // The overflow bucket reports its lower bound.
        #expect(snapshot.quantile(.set, permyriad: 5000) == 1 << 34)
        let lines = snapshot.statLines()
        #expect(
            lines.map(\.0) == [
                "get_count", "get_p50_us", "get_p90_us", "get_p99_us", "get_p999_us",
                "set_count", "set_p50_us", "set_p90_us", "set_p99_us", "set_p999_us",
            ])
        #expect(
            lines.map(\.1) == [
                "100", "1.024", "1.024", "1.024", "1048.576", "1", "17179869.184", "17179869.184",
                "17179869.184", "17179869.184",
            ])
    }

    @Test("two recorders add up; a baseline is subtracted; counts below a power of two")
    func summingAndBaseline() {
        let a = LatencyHistograms()
        let b = LatencyHistograms()
        a.record(.metaGet, nanoseconds: 100)
        b.record(.metaGet, nanoseconds: 300)
        let baseline = LatencySnapshot(summing: [a, b])
        #expect(baseline.count(of: .metaGet) == 2)
        b.record(.metaGet, nanoseconds: 5_000)
        b.record(.incrDecr, nanoseconds: 5_000)
        let since = LatencySnapshot(summing: [a, b]).subtracting(baseline)
        #expect(since.count(of: .metaGet) == 1)
        #expect(since.sum(of: .metaGet) == 5_000)
        #expect(since.count(of: .incrDecr) == 1)
        let all = LatencySnapshot(summing: [a, b])
        #expect(all.count(of: .metaGet, below: 128) == 1)
        #expect(all.count(of: .metaGet, below: 4_096) == 2)
        #expect(all.count(of: .metaGet, below: 8_192) == 3)
    }

    @Test("microseconds: up to three decimals, no trailing zeros")
    func microsecondText() {
        #expect(LatencySnapshot.microseconds(0) == "0")
        #expect(LatencySnapshot.microseconds(64) == "0.064")
        #expect(LatencySnapshot.microseconds(1_500) == "1.5")
        #expect(LatencySnapshot.microseconds(12_000) == "12")
        #expect(LatencySnapshot.microseconds(1_048_576) == "1048.576")
        #expect(LatencySnapshot.microseconds(1_000_010) == "1000.01")
    }

    @Test("the clock is monotonic nanoseconds")
    func clock() {
        let a = LatencyHistograms.now()
        usleep(2_000)
        let b = LatencyHistograms.now()
        #expect(b > a && b - a >= 2_000_000 && b - a < 2_000_000_000)
    }
}

@Suite("Latency recording by a session")
struct LatencySessionTests {
    /// A session whose worker records latency, and its `stats latency` counts.
    final class Recorded {
        let telemetry = WorkerTelemetry(latencyHistograms: true)
        let hooks = FakeServerHooks()
        let mc: SessionHarness

        init(maxRequests: Int = 20) throws {
            hooks.latencyRecorders = [telemetry.latency!]
            mc = try SessionHarness(maxRequests: maxRequests, hooks: hooks, telemetry: telemetry)
        }

        var snapshot: LatencySnapshot { LatencySnapshot(summing: [telemetry.latency!]) }

        func counts() -> [String: UInt64] {
            var out: [String: UInt64] = [:]
            for family in LatencyFamily.allCases where snapshot.count(of: family) > 0 {
                out[family.name] = snapshot.count(of: family)
            }
            return out
        }
    }

    @Test("every command lands in its family; other commands are not recorded")
    func families() throws {
        let r = try Recorded()
        r.mc.send("set a 0 0 1\r\n1\r\nadd b 0 0 1\r\n2\r\nreplace a 0 0 1\r\n3\r\nappend a 0 0 1\r\n4\r\n")
        r.mc.send("prepend a 0 0 1\r\n5\r\ngets a\r\n")
        r.mc.send("cas a 0 0 1 999\r\n6\r\n")
        r.mc.send("get a\r\nbget a\r\ngets a b\r\ngat 100 a\r\ngats 100 a\r\n")
        r.mc.send("incr a 1\r\ndecr a 1\r\ntouch a 10\r\ndelete b\r\n")
        r.mc.send("mg a v\r\nms c 1\r\nx\r\nmd c\r\nma a\r\nmn\r\nme a\r\n")
        r.mc.send("version\r\nstats\r\nstats settings\r\nverbosity 1\r\nflush_all 0\r\nnonsense\r\n")
        #expect(
            r.counts() == [
                "set": 6, "get": 4, "gat": 2, "incr_decr": 2, "touch": 1, "delete": 1, "mg": 1, "ms": 1, "md": 1,
                "ma": 1,
            ])
    }

    @Test("pipelined and split input: each request recorded once, however the bytes arrive")
    func pipelinedSplitFeed() throws {
        let pipeline = "set k 0 0 5\r\nhello\r\nget k\r\nget k k\r\nmg k v\r\ndelete k\r\nms k 2 T0\r\nhi\r\nmn\r\n"
        let whole = try Recorded()
        whole.mc.send(pipeline)
        let expected = ["set": 1, "get": 2, "mg": 1, "delete": 1, "ms": 1] as [String: UInt64]
        #expect(whole.counts() == expected)
        // Byte by byte: every line and data block waits for its end at least once.
        let split = try Recorded()
        for byte in pipeline.utf8 { split.mc.feed([byte]) }
        #expect(split.counts() == expected)
        // In two pieces cut inside a data block, and with -R 1 (a yield after each request).
        let capped = try Recorded(maxRequests: 1)
        let cut = pipeline.utf8.count / 3
        capped.mc.feed(Array(pipeline.utf8.prefix(cut)))
        capped.mc.feed(Array(pipeline.utf8.dropFirst(cut)))
        #expect(capped.counts() == expected)
    }

    @Test("a data block still arriving is not recorded; once complete, only the server's time counts")
    func needMoreData() throws {
        let r = try Recorded()
        #expect(r.mc.send("get k\r\nset k 0 0 10\r\nhello") == "END\r\n")
        #expect(r.counts() == ["get": 1])
        usleep(50_000)
        #expect(r.mc.send("world\r\n") == "STORED\r\n")
        #expect(r.counts() == ["get": 1, "set": 1])
        // The 50 ms the client took to send the block are not in the figure.
        #expect(r.snapshot.sum(of: .set) < 50_000_000)
        #expect(r.mc.send("ms m 4\r\nab") == "")
        #expect(r.mc.send("c") == "")
        #expect(r.counts() == ["get": 1, "set": 1])
        #expect(r.mc.send("d\r\n") == "HD\r\n")
        #expect(r.counts() == ["get": 1, "set": 1, "ms": 1])
    }

    @Test("a rejected store (its data block discarded) is recorded once")
    func rejectedStore() throws {
        let r = try Recorded()
        let reply = r.mc.send("set big 0 0 2000000\r\n")
        #expect(reply.hasPrefix("SERVER_ERROR"))
        r.mc.feed(Array(repeating: UInt8(ascii: "x"), count: 1_000_000))
        r.mc.feed(Array(repeating: UInt8(ascii: "x"), count: 1_000_000) + Array("\r\nget big\r\n".utf8))
        #expect(r.counts() == ["set": 1, "get": 1])
    }

    @Test("stats latency: count and quantiles per family with requests; a clear line when off")
    func statsLatency() throws {
        let r = try Recorded()
        #expect(r.mc.send("stats latency\r\n") == "END\r\n")
        r.mc.send("set a 0 0 1\r\n1\r\nget a\r\nget a\r\nstats\r\n")
        let reply = r.mc.send("stats latency\r\n")
        let names = reply.split(separator: "\r\n").map { $0.split(separator: " ").dropFirst().first.map(String.init) }
        #expect(
            names == [
                "get_count", "get_p50_us", "get_p90_us", "get_p99_us", "get_p999_us", "set_count", "set_p50_us",
                "set_p90_us", "set_p99_us", "set_p999_us", nil,
            ])
        #expect(reply.contains("STAT get_count 2\r\n") && reply.contains("STAT set_count 1\r\n"))
        #expect(reply.hasSuffix("END\r\n"))
        for line in reply.split(separator: "\r\n") where line.contains("_us ") {
            #expect(Double(line.split(separator: " ")[2]) != nil, "\(line)")
        }
        // Off: the default WorkerTelemetry records nothing and the hooks say so.
        let off = try SessionHarness()
        off.send("get a\r\n")
        #expect(off.send("stats latency\r\n") == "STAT latency_histograms disabled\r\nEND\r\n")
    }
}
