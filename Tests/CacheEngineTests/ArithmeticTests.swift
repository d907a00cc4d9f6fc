// ArithmeticTests: incr/decr parsing (memcached's strtoull rules), wrap and clamp, in-place padding,
// growth into a new item, CAS and meta ma options.
import Testing

@testable import CacheEngine

@Suite struct ArithmeticTests {
    @Test func incrementAndDecrement() {
        let h = Harness()
        h.set("n", "5")
        #expect(h.arithmetic("n", 3) == .value(8, cas: h.get("n")!.cas, expiry: 0))
        #expect(h.arithmetic("n", incr: false, 10) == .value(0, cas: h.get("n")!.cas, expiry: 0))
        #expect(h.arithmetic("missing", 1) == .notFound)
        #expect(h.arithmetic("missing", incr: false, 1) == .notFound)
        let s = h.stats
        #expect(s.incrHits == 1)
        #expect(s.decrHits == 1)
        #expect(s.incrMisses == 1)
        #expect(s.decrMisses == 1)
    }

    @Test func wrapsAndClamps() {
        let h = Harness()
        h.set("max", "18446744073709551615")
        guard case .value(let wrapped, _, _) = h.arithmetic("max", 1) else {
            Issue.record("no value")
            return
        }
        #expect(wrapped == 0)
        #expect(h.value("max") == "0                   ")
        h.set("small", "5")
        guard case .value(let clamped, _, _) = h.arithmetic("small", incr: false, 10) else { return }
        #expect(clamped == 0)
    }

    @Test func inPlacePaddingAndGrowth() {
        let h = Harness()
        h.set("n", "100", flags: 9, expiry: 1000)
        let cas0 = h.get("n")!.cas
        guard case .value(99, let cas1, 1000) = h.arithmetic("n", incr: false, 1) else {
            Issue.record("expected 99")
            return
        }
        #expect(cas1 > cas0)
        #expect(h.value("n") == "99 ")
        #expect(h.get("n")?.flags == 9)
        h.set("m", "99")
        guard case .value(100, _, _) = h.arithmetic("m", 1) else {
            Issue.record("expected 100")
            return
        }
        #expect(h.value("m") == "100")
        #expect(h.get("m")?.flags == 0)
        h.set("p", "99 ")
        guard case .value(100, _, _) = h.arithmetic("p", 1) else { return }
        #expect(h.value("p") == "100")
        #expect(h.engine.verifyInvariants() == [])
    }

    @Test func nonNumericValues() {
        let h = Harness()
        for text in ["abc", "-5", "", "5a", "123456789012345678901", "18446744073709551616", " ", "-1"] {
            h.set("x", text)
            #expect(h.arithmetic("x", 1) == .nonNumeric, "value \(text)")
        }
        for (text, expected) in [(" 5", UInt64(6)), ("07", 8), ("5 ", 6), ("+4", 5), ("-0", 1), ("\t7\r", 8)] {
            h.set("y", text)
            guard case .value(let v, _, _) = h.arithmetic("y", 1) else {
                Issue.record("\(text) should be numeric")
                continue
            }
            #expect(v == expected, "value \(text)")
        }
    }

    @Test func metaArithmeticOptions() {
        let h = Harness()
        guard case .value(10, let cas, 30) = h.arithmetic("cnt", 1, vivify: (initial: 10, expiry: 30)) else {
            Issue.record("vivify")
            return
        }
        #expect(h.value("cnt") == "10")
        #expect(h.arithmetic("cnt", 1, compareCAS: cas + 1) == .exists)
        guard case .value(15, _, 77) = h.arithmetic("cnt", 5, compareCAS: cas, newExpiry: 77) else {
            Issue.record("cas + T")
            return
        }
    }

    @Test func arithmeticClearsStaleAndChangesCAS() {
        let h = Harness()
        h.set("n", "1")
        #expect(h.delete("n", invalidate: true) == .deleted)
        #expect(h.metaGet("n")!.0.stale)
        _ = h.arithmetic("n", 1)
        #expect(h.metaGet("n")!.0.stale == false)
    }
}
