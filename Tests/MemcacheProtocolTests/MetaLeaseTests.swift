// MetaLeaseTests: the lease transcripts L1-L8 captured from memcached 1.6.18 (three connections A, B, C),
// replayed through ProtocolSession with a manual clock. CAS numbers are normalised to first-seen order;
// the clock is advanced where the captured run let time pass.

import CacheEngine
import Testing

@testable import MemcacheProtocol

@Suite("Meta leases (memcached 1.6.18 transcripts)")
struct MetaLeaseTests {
    /// One step of a transcript: who sends what, and the bytes memcached answered.
    struct Step {
        var client: Int
        var request: String
        var reply: String
        var advanceBefore: UInt32 = 0
    }

    /// Replays `steps` on fresh clients and checks every reply after CAS normalisation.
    func replay(_ steps: [Step], server: MetaTestServer? = nil) throws {
        let server = try server ?? MetaTestServer()
        let clients = (0..<3).map { _ in server.connect() }
        var ours = CASNormaliser()
        var theirs = CASNormaliser()
        for step in steps {
            if step.advanceBefore > 0 { server.clock.advance(by: step.advanceBefore) }
            let expected = theirs.normalise(step.reply)
            let answer = clients[step.client].send(ours.translate(step.request, from: theirs))
            #expect(ours.normalise(answer) == expected, "request \(step.request.debugDescription)")
        }
    }

    let a = 0, b = 1, c = 2

    @Test("L1-L3: vivify wins once, the loser sees Z, the winner fills with its CAS")
    func vivifyWinAndFill() throws {
        try replay([
            Step(client: a, request: "mg lk1 s c f t v N30\r\n", reply: "VA 0 s0 c1 f0 t-1 W\r\n\r\n"),
            Step(
                client: b, request: "mg lk1 s c f t v N30\r\n", reply: "VA 0 s0 c1 f0 t29 Z\r\n\r\n", advanceBefore: 1),
            Step(client: c, request: "get lk1\r\n", reply: "VALUE lk1 0 0\r\n\r\nEND\r\n"),
            Step(client: c, request: "gets lk1\r\n", reply: "VALUE lk1 0 0 1\r\n\r\nEND\r\n"),
            Step(client: a, request: "ms lk1 5 C1 T60 F7 c\r\nhello\r\n", reply: "HD c2\r\n"),
            Step(client: b, request: "ms lk1 5 C1 T60\r\nbbbbb\r\n", reply: "EX\r\n"),
            Step(client: b, request: "mg lk1 s c f t v N30\r\n", reply: "VA 5 s5 c2 f7 t60\r\nhello\r\n"),
        ])
    }

    @Test("L4-L5: invalidation serves stale data to all, one recacher, P5 stale set quirk")
    func invalidateAndStaleSets() throws {
        try replay([
            Step(client: a, request: "ms lk1 5 T60 F7\r\nhello\r\n", reply: "HD\r\n"),
            Step(client: c, request: "mg lk1 c\r\n", reply: "HD c1\r\n"),
            Step(client: c, request: "md lk1 I T30\r\n", reply: "HD\r\n"),
            Step(client: a, request: "mg lk1 s c f t v\r\n", reply: "VA 5 s5 c2 f7 t30 X W\r\nhello\r\n"),
            Step(client: b, request: "mg lk1 s c f t v\r\n", reply: "VA 5 s5 c2 f7 t30 Z X\r\nhello\r\n"),
            Step(client: c, request: "get lk1\r\n", reply: "VALUE lk1 7 5\r\nhello\r\nEND\r\n"),
            Step(client: b, request: "ms lk1 5 C1 T60\r\nSTALE\r\n", reply: "EX\r\n"),
            Step(client: b, request: "ms lk1 6 C1 T60 I c\r\nSTALE2\r\n", reply: "HD c3\r\n", advanceBefore: 1),
            Step(client: c, request: "mg lk1 s c t v\r\n", reply: "VA 6 s6 c3 t29 Z X\r\nSTALE2\r\n"),
            Step(client: b, request: "ms lk1 2 C1003 I\r\nhi\r\n", reply: "EX\r\n"),
            Step(client: a, request: "ms lk1 5 C2 T60 c\r\nfresh\r\n", reply: "EX c0\r\n"),
        ])
    }

    @Test("L6: delete revokes a win (NF); md I on a stub re-arms the win (X W) and the old winner gets EX")
    func revocation() throws {
        try replay([
            Step(client: a, request: "mg lk2 c v N30\r\n", reply: "VA 0 c1 W\r\n\r\n"),
            Step(client: c, request: "md lk2\r\n", reply: "HD\r\n"),
            Step(client: a, request: "ms lk2 3 C1\r\nabc\r\n", reply: "NF\r\n"),
            Step(client: a, request: "mg lk3 c v N30\r\n", reply: "VA 0 c2 W\r\n\r\n"),
            Step(client: c, request: "md lk3 I\r\n", reply: "HD\r\n"),
            Step(client: b, request: "mg lk3 c v N30\r\n", reply: "VA 0 c3 X W\r\n\r\n"),
            Step(client: a, request: "ms lk3 3 C2\r\nabc\r\n", reply: "EX\r\n"),
            Step(client: a, request: "ms lk3 3 C2 I\r\nabc\r\n", reply: "HD\r\n", advanceBefore: 1),
            Step(client: c, request: "mg lk3 c t v\r\n", reply: "VA 3 c4 t29 Z X\r\nabc\r\n"),
        ])
    }

    @Test("L7: R wins once below the threshold, never for long or infinite TTLs; a fill re-arms it")
    func recache() throws {
        try replay([
            Step(client: a, request: "ms lk4 2 T10\r\nhi\r\n", reply: "HD\r\n"),
            Step(client: a, request: "mg lk4 v t c R30\r\n", reply: "VA 2 t10 c1 W\r\nhi\r\n"),
            Step(client: b, request: "mg lk4 v t c R30\r\n", reply: "VA 2 t10 c1 Z\r\nhi\r\n"),
            Step(client: a, request: "ms lk5 2 T100\r\nhi\r\n", reply: "HD\r\n"),
            Step(client: a, request: "mg lk5 v t R30\r\n", reply: "VA 2 t100\r\nhi\r\n"),
            Step(client: a, request: "ms lk6 2 T0\r\nhi\r\n", reply: "HD\r\n"),
            Step(client: a, request: "mg lk6 v t R30\r\n", reply: "VA 2 t-1\r\nhi\r\n"),
            Step(client: a, request: "mg lk4 c\r\n", reply: "HD c1 Z\r\n"),
            Step(client: a, request: "ms lk4 2 C1 T10\r\nho\r\n", reply: "HD\r\n"),
            Step(client: b, request: "mg lk4 v t c R30\r\n", reply: "VA 2 t10 c4 W\r\nho\r\n"),
        ])
    }

    @Test("L8: the lease lasts as long as the stub (N TTL); after it expires a new W is issued")
    func leaseTimeout() throws {
        try replay([
            Step(client: a, request: "mg lk7 c t v N2\r\n", reply: "VA 0 c1 t-1 W\r\n\r\n"),
            Step(client: b, request: "mg lk7 c t v N2\r\n", reply: "VA 0 c1 t2 Z\r\n\r\n"),
            Step(client: b, request: "mg lk7 c t v N2\r\n", reply: "VA 0 c2 t-1 W\r\n\r\n", advanceBefore: 3),
        ])
    }

    @Test("classic clients complete or break a lease; touch keeps stale state, CAS and the W")
    func classicInterplay() throws {
        try replay([
            Step(client: a, request: "mg lk8 c v N30\r\n", reply: "VA 0 c1 W\r\n\r\n"),
            Step(client: c, request: "gets lk8\r\n", reply: "VALUE lk8 0 0 1\r\n\r\nEND\r\n"),
            Step(client: c, request: "cas lk8 0 60 3 1\r\nxyz\r\n", reply: "STORED\r\n"),
            Step(client: a, request: "mg lk9 c v N30\r\n", reply: "VA 0 c3 W\r\n\r\n"),
            Step(client: c, request: "set lk9 0 60 3\r\nold\r\n", reply: "STORED\r\n"),
            Step(client: a, request: "ms lk9 3 C3\r\nnew\r\n", reply: "EX\r\n"),
            Step(client: a, request: "set lk10 0 0 3\r\nv01\r\n", reply: "STORED\r\n"),
            Step(client: a, request: "md lk10 I\r\n", reply: "HD\r\n"),
            Step(client: c, request: "cas lk10 0 60 3 5\r\nv02\r\n", reply: "EXISTS\r\n"),
            Step(client: c, request: "touch lk10 100\r\n", reply: "TOUCHED\r\n"),
            Step(client: c, request: "mg lk10 t c v\r\n", reply: "VA 3 t100 c6 X W\r\nv01\r\n"),
            Step(client: c, request: "md lk11 I\r\n", reply: "NF\r\n"),
            Step(
                client: a, request: "mg tt1 N2 c\r\nmg tt1 T60 t c\r\nmg tt1 N2 c t\r\n",
                reply: "HD c7 W\r\nHD t60 c7 Z\r\nHD c7 t60 Z\r\n"),
        ])
    }

    @Test("md I twice re-arms the win each time; ms C==current with I is a normal store")
    func invalidateTwice() throws {
        try replay([
            Step(client: a, request: "ms st9 2\r\nok\r\n", reply: "HD\r\n"),
            Step(client: a, request: "md st9 I\r\nmg st9 c\r\nmg st9 c\r\n", reply: "HD\r\nHD c2 X W\r\nHD c2 Z X\r\n"),
            Step(client: a, request: "md st9 I\r\nmg st9 c\r\nmg st9 c\r\n", reply: "HD\r\nHD c3 X W\r\nHD c3 Z X\r\n"),
            Step(client: a, request: "ms st9 2 C3 I\r\nok\r\n", reply: "HD\r\n"),
            Step(client: a, request: "mg st9 c v t\r\n", reply: "VA 2 c4 t-1\r\nok\r\n"),
        ])
    }

    @Test("P3 stale-set race: any invalidation between the lease and the fill makes the fill fail")
    func staleSetRace() throws {
        try replay([
            Step(client: a, request: "mg r1 c v N30\r\n", reply: "VA 0 c1 W\r\n\r\n"),
            Step(client: c, request: "md r1\r\n", reply: "HD\r\n"),
            Step(client: a, request: "ms r1 3 C1\r\nold\r\n", reply: "NF\r\n"),
            Step(client: a, request: "mg r2 c v N30\r\n", reply: "VA 0 c2 W\r\n\r\n"),
            Step(client: c, request: "md r2 I\r\n", reply: "HD\r\n"),
            Step(client: a, request: "ms r2 3 C2\r\nold\r\n", reply: "EX\r\n"),
            Step(client: b, request: "mg r2 c v\r\n", reply: "VA 0 c3 X W\r\n\r\n"),
            Step(client: a, request: "mg r3 c v N30\r\n", reply: "VA 0 c4 W\r\n\r\n"),
            Step(client: c, request: "flush_all\r\n", reply: "OK\r\n"),
            Step(client: a, request: "ms r3 3 C4\r\nold\r\n", reply: "NF\r\n"),
            Step(client: a, request: "mg r4 c v N2\r\n", reply: "VA 0 c5 W\r\n\r\n"),
            Step(client: a, request: "ms r4 3 C5\r\nold\r\n", reply: "NF\r\n", advanceBefore: 3),
        ])
    }

    @Test("flush_all drops stubs; the next N wins again")
    func flushDropsStubs() throws {
        try replay([
            Step(client: a, request: "mg fl1 N30 c\r\n", reply: "HD c1 W\r\n"),
            Step(client: a, request: "flush_all\r\n", reply: "OK\r\n"),
            Step(client: a, request: "mg fl1 N30 c\r\n", reply: "HD c2 W\r\n"),
        ])
    }
}
