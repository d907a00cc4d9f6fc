// ClockTests: EngineClock's relative time and memcached's realtime() exptime conversion rules.
import Testing

@testable import CacheEngine

@Suite struct ClockTests {
    let start = 1_700_000_000

    @Test func manualClockStartsAtTwoAndAdvances() {
        let clock = EngineClock(manualStart: start)
        #expect(clock.now == 2)
        #expect(clock.processStarted == start - 2)
        clock.advance(by: 10)
        #expect(clock.now == 12)
        clock.tick()
        #expect(clock.now == 12)
    }

    @Test func relativeExpiryRules() {
        let clock = EngineClock(manualStart: start)
        clock.advance(by: 100)  // now = 102
        #expect(clock.relativeExpiry(fromProtocol: 0) == 0)
        #expect(clock.relativeExpiry(fromProtocol: -1) == 1)
        #expect(clock.relativeExpiry(fromProtocol: Int64.min) == 1)
        #expect(clock.relativeExpiry(fromProtocol: 10) == 112)
        #expect(clock.relativeExpiry(fromProtocol: 2_592_000) == 102 + 2_592_000)
        // Above 30 days: absolute; in the past (at/before process start) -> already expired.
        #expect(clock.relativeExpiry(fromProtocol: 2_592_001) == 1)
        #expect(clock.relativeExpiry(fromProtocol: Int64(start - 2)) == 1)
        #expect(clock.relativeExpiry(fromProtocol: Int64(start + 100)) == 102)
        #expect(clock.relativeExpiry(fromProtocol: Int64(start + 500)) == 502)
    }

    @Test func realClockTicks() {
        let clock = EngineClock()
        #expect(clock.now == 2)
        clock.tick()
        #expect(clock.now >= 2 && clock.now < 10)
    }
}
