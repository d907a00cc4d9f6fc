// Tests for hot-key detection (HotKeys.swift): the space-saving table's guarantees, the sampler, window
// rotation and decay, the merge across workers, `stats hotkeys` and which commands record their keys.

import Testing

@testable import MemcacheProtocol

private let second = 1_000_000

/// A deterministic stream of keys where key i has weight 1/(i+1) (Zipf, s = 1) over `distinct` keys.
private func zipfStream(count: Int, distinct: Int, seed: UInt64) -> [[UInt8]] {
    var weights: [Double] = (0..<distinct).map { 1 / Double($0 + 1) }
    let total = weights.reduce(0, +)
    for i in weights.indices { weights[i] /= total }
    var cumulative: [Double] = []
    var sum = 0.0
    for w in weights {
        sum += w
        cumulative.append(sum)
    }
    var state = seed
    var keys: [[UInt8]] = []
    for _ in 0..<count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let u = Double(state >> 11) / 9_007_199_254_740_992.0
        let index = cumulative.firstIndex { $0 >= u } ?? distinct - 1
        keys.append(Array("key:\(index)".utf8))
    }
    return keys
}

private func record(_ recorder: HotKeyRecorder, _ key: String, at now: Int, times: Int = 1) {
    let bytes = Array(key.utf8)
    for _ in 0..<times { bytes.withUnsafeBytes { recorder.record($0, now: now) } }
}

private func rate(_ keys: [HotKey], _ key: String) -> Double? {
    keys.first { $0.key == Array(key.utf8) }?.rate
}

@Suite("Hot keys")
struct HotKeysTests {
    @Test("space-saving: every tracked key's true count lies in [count - error, count], frequent keys are kept")
    func spaceSavingGuarantees() {
        let recorder = HotKeyRecorder(sampleInterval: 1, windowMicroseconds: 3600 * second, now: 0)
        let stream = zipfStream(count: 20000, distinct: 2000, seed: 7)
        var truth: [[UInt8]: UInt64] = [:]
        for key in stream {
            truth[key, default: 0] += 1
            key.withUnsafeBytes { recorder.record($0, now: 1) }
        }
        var tracked = 0
        for (key, trueCount) in truth {
            if let entry = recorder.currentEntry(key) {
                tracked += 1
                #expect(entry.count - entry.error <= trueCount && trueCount <= entry.count, "\(key)")
            } else {
                // Space-saving keeps every key with more than n/K occurrences.
                #expect(trueCount <= UInt64(stream.count / HotKeyRecorder.capacity), "\(key) was dropped")
            }
        }
        #expect(tracked == HotKeyRecorder.capacity)
        // The most frequent key is exact: it entered before the table filled.
        #expect(recorder.currentEntry(Array("key:0".utf8))?.error == 0)
        let top = HotKeyRecorder.merged([recorder], limit: 1, now: 2)
        #expect(top.first?.key == Array("key:0".utf8))
    }

    @Test("sampling is random, not every N-th request: a key at every 16th position is seen 1/16 of the time")
    func samplingDoesNotAlias() {
        let recorder = HotKeyRecorder(sampleInterval: 16, windowMicroseconds: 3600 * second, seed: 42)
        let periodic = Array("periodic".utf8)
        let other = Array("other".utf8)
        let requests = 320_000
        for i in 0..<requests {
            (i % 16 == 0 ? periodic : other).withUnsafeBytes { recorder.observe($0) }
        }
        let a = recorder.currentEntry(periodic)?.count ?? 0
        let b = recorder.currentEntry(other)?.count ?? 0
        // About requests/16 samples in all (20000, sd ~ 140), of which 1/16 are the periodic key.
        #expect(abs(Double(a + b) - Double(requests / 16)) < 1000)
        let share = Double(a) / Double(a + b)
        #expect(abs(share - 1.0 / 16) < 0.01, "periodic key's share of samples: \(share)")
    }

    @Test("sampling one in 1: every observed request is recorded")
    func unsampled() {
        let recorder = HotKeyRecorder(sampleInterval: 1, windowMicroseconds: 3600 * second)
        for _ in 0..<5 { Array("k".utf8).withUnsafeBytes { recorder.observe($0) } }
        #expect(recorder.currentEntry(Array("k".utf8))?.count == 5)
    }

    @Test("a steady rate is estimated exactly over one to two windows")
    func steadyRate() {
        let recorder = HotKeyRecorder(sampleInterval: 1, windowMicroseconds: second, now: 0)
        // One request a millisecond for 10 s: 300/s of "hot", 700/s spread over 70 other keys.
        for ms in 0..<10_000 {
            let now = ms * 1000
            record(recorder, ms % 10 < 3 ? "hot" : "cold:\(ms % 100)", at: now)
        }
        for now in [10 * second, 10 * second + 500_000, 11 * second - 1] {
            let keys = HotKeyRecorder.merged([recorder], limit: 10, now: now)
            #expect(keys.first?.key == Array("hot".utf8))
            // The current window has not seen requests after 10 s, so the estimate spans [9 s, now].
            let expected = 300.0 / (Double(now - 9 * second) / Double(second))
            #expect(abs((keys.first?.rate ?? 0) - expected) < expected * 0.01, "at \(now): \(keys.first?.rate ?? 0)")
        }
    }

    @Test("windows rotate: a key that went cold decays and is gone after two windows")
    func rotationAndDecay() {
        let recorder = HotKeyRecorder(sampleInterval: 1, windowMicroseconds: second, now: 0)
        record(recorder, "k", at: 500_000, times: 100)
        // Current window only: 100 requests in 0.5 s.
        #expect(rate(recorder.rates(at: 500_000), "k") == 200)
        // The window [0, 1 s) is complete: 100 requests over [0, now].
        #expect(rate(recorder.rates(at: second), "k") == 100)
        #expect(rate(recorder.rates(at: 1_500_000), "k").map { abs($0 - 100 / 1.5) < 0.001 } == true)
        // [0, 1 s) is no longer among the last two windows.
        #expect(rate(recorder.rates(at: 2 * second), "k") == nil)
        // A gap of several windows with no request at all.
        record(recorder, "g", at: 2_100_000, times: 10)
        #expect(rate(recorder.rates(at: 3 * second), "g") == 10)
        #expect(recorder.rates(at: 9 * second).isEmpty)
        // Recording after a gap rotates too.
        record(recorder, "h", at: 20 * second + 1, times: 4)
        #expect(recorder.rates(at: 20 * second + 500_000).map(\.key) == [Array("h".utf8)])
    }

    @Test("merge sums a key's rates over workers, sorts hottest first and keeps the limit")
    func mergeAcrossWorkers() {
        let a = HotKeyRecorder(sampleInterval: 2, windowMicroseconds: second, now: 0)
        let b = HotKeyRecorder(sampleInterval: 2, windowMicroseconds: second, now: 0)
        record(a, "x", at: 10, times: 30)
        record(b, "x", at: 10, times: 30)
        record(a, "y", at: 10, times: 50)
        record(b, "z", at: 10, times: 10)
        let merged = HotKeyRecorder.merged([a, b], limit: 2, now: second)
        // Each sample stands for 2 requests; the window is 1 s.
        #expect(merged == [HotKey(key: Array("x".utf8), rate: 120), HotKey(key: Array("y".utf8), rate: 100)])
        #expect(HotKeyRecorder.merged([a, b], limit: 10, now: second).count == 3)
    }

    @Test("keys are printed with bytes outside printable ASCII, and %, as %XX")
    func printableKeys() {
        #expect(HotKeyRecorder.printable(Array("user:42".utf8)) == "user:42")
        #expect(HotKeyRecorder.printable([0x62, 0x00, 0xFF, 0x25, 0x20, 0x7E]) == "b%00%FF%25%20~")
        #expect(HotKeyLimits.formatRate(1234.56) == "1234.6")
        #expect(HotKeyLimits.formatRate(0.04) == "0.0")
    }

    @Test("each command family records the keys it names, once per request")
    func commandFamiliesRecord() throws {
        let recorder = HotKeyRecorder(sampleInterval: 1, windowMicroseconds: 3600 * second)
        let mc = try SessionHarness(telemetry: WorkerTelemetry(hotKeys: recorder))
        mc.send("set s 0 0 1\r\n1\r\nadd s 0 0 1\r\n1\r\ncas s 0 0 1 1\r\n1\r\nappend s 0 0 1\r\n1\r\n")
        mc.send("get g1 g2 g1\r\ngets g2\r\nbget g3\r\ngat 0 g3\r\ngats 0 g3\r\n")
        mc.send("delete d\r\ntouch t 0\r\nincr n 1\r\ndecr n 1\r\n")
        mc.send("mg m v\r\nms m 1\r\nx\r\nmd m\r\nma m\r\nmn\r\n")
        // A split store counts once, when its data block is complete.
        mc.send("set split 0 0 4\r\nab")
        mc.send("cd\r\n")
        mc.send("ms msplit 4\r\nab")
        mc.send("cd\r\n")
        // Base64 meta keys are recorded decoded: "bin\0\xff".
        mc.send("mg YmluAP8= b v\r\n")
        let expected: [String: UInt64] = [
            "s": 4, "g1": 2, "g2": 2, "g3": 3, "d": 1, "t": 1, "n": 2, "m": 4, "split": 1, "msplit": 1,
        ]
        for (key, count) in expected {
            #expect(recorder.currentEntry(Array(key.utf8))?.count == count, "\(key)")
        }
        #expect(recorder.currentEntry([0x62, 0x69, 0x6E, 0x00, 0xFF])?.count == 1)
        // Refused requests (a key over the limit) record nothing.
        mc.send("get \(String(repeating: "k", count: 251))\r\n")
        #expect(recorder.currentEntry(Array(String(repeating: "k", count: 251).utf8).prefix(250).map { $0 }) == nil)
    }

    @Test("stats hotkeys: hottest first with one decimal, N, errors, and off")
    func statsHotKeys() throws {
        let hooks = FakeServerHooks()
        let mc = try SessionHarness(hooks: hooks)
        #expect(mc.send("stats hotkeys\r\n") == "CLIENT_ERROR hot keys are off; start with -o hotkeys\r\n")
        hooks.hotKeys = (0..<30).map { HotKey(key: Array("k\($0)".utf8), rate: 1000 - Double($0) * 10.25) }
        hooks.hotKeys?.insert(HotKey(key: [0x00, 0x41], rate: 2000), at: 0)
        let reply = mc.send("stats hotkeys\r\n")
        let lines = reply.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 11 && lines.last == "END")
        #expect(lines[0] == "STAT hotkey:%00A 2000.0")
        #expect(lines[1] == "STAT hotkey:k0 1000.0")
        #expect(lines[2] == "STAT hotkey:k1 989.8")
        #expect(mc.send("stats hotkeys 3\r\n").split(separator: "\r\n").count == 4)
        #expect(mc.send("stats hotkeys 100\r\n").split(separator: "\r\n").count == 32)
        for bad in ["bogus", "0", "101", "-1", "3 4"] {
            #expect(mc.send("stats hotkeys \(bad)\r\n").hasPrefix("CLIENT_ERROR usage: stats hotkeys [N]"), "\(bad)")
        }
    }
}
