// Tests for the stats family: field order of plain `stats`, server/engine merge, sub-commands.

import Testing

@testable import MemcacheProtocol

private func statLines(_ reply: String) -> [(String, String)] {
    reply.split(separator: "\r\n").compactMap { line in
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[0] == "STAT" else { return nil }
        return (String(parts[1]), String(parts[2]))
    }
}

@Suite("Stats")
struct StatsTests {
    @Test func generalStatsFollowMemcachedOrder() throws {
        let mc = try SessionHarness()
        mc.send("set a 0 0 1\r\na\r\nget a b\r\n")
        let reply = mc.send("stats\r\n")
        #expect(reply.hasSuffix("END\r\n"))
        let lines = statLines(reply)
        // idle_kicks only when the server reports it (memcached: only with idle_timeout > 0); the TLS lines
        // likewise (memcached prints them only with -Z).
        let conditional: Set = [
            "idle_kicks", "ssl_new_sessions", "ssl_handshake_errors", "time_since_server_cert_refresh",
        ]
        #expect(lines.map(\.0) == generalStatsOrder.filter { !conditional.contains($0) })
        #expect(lines.count == 92)
        let values = Dictionary(uniqueKeysWithValues: lines)
        #expect(values["pid"] == "4242")
        #expect(values["version"] == "1.6.18")
        #expect(values["cmd_meta"] == "0")
        for (name, value) in lines where !["version", "libevent", "rusage_user", "rusage_system"].contains(name) {
            #expect(UInt64(value) != nil, "\(name) \(value)")
        }
    }

    @Test func engineCountersAppear() throws {
        let mc = try SessionHarness()
        mc.send("set a 0 0 1\r\na\r\nget a b\r\n")
        let values = Dictionary(uniqueKeysWithValues: statLines(mc.send("stats\r\n")))
        #expect(values["cmd_set"] == "1")
        #expect(values["cmd_get"] == "2")
        #expect(values["get_hits"] == "1")
        #expect(values["get_misses"] == "1")
        #expect(values["curr_items"] == "1")
    }

    @Test func touchCountersAndMemoryLimit() throws {
        let mc = try SessionHarness()
        mc.send("set t 0 0 1\r\na\r\ngat 10 t nokey\r\ntouch t 5\r\ncache_memlimit 100\r\n")
        let values = Dictionary(uniqueKeysWithValues: statLines(mc.send("stats\r\n")))
        #expect(values["cmd_touch"] == "3")
        #expect(values["touch_hits"] == "2")
        #expect(values["touch_misses"] == "1")
        #expect(values["limit_maxbytes"] == "104857600")
    }

    @Test func idleKicksSitsWhereMemcachedPrintsIt() throws {
        let hooks = FakeServerHooks()
        hooks.serverLines.append(("idle_kicks", "3"))
        let mc = try SessionHarness(hooks: hooks)
        let names = statLines(mc.send("stats\r\n")).map(\.0)
        #expect(names.count == 93)
        let kicks = try #require(names.firstIndex(of: "idle_kicks"))
        #expect(names[kicks - 1] == "auth_errors")
        #expect(names[kicks + 1] == "bytes_read")
        #expect(Dictionary(uniqueKeysWithValues: statLines(mc.send("stats\r\n")))["idle_kicks"] == "3")
    }

    @Test func extraServerLinesComeLast() throws {
        let hooks = FakeServerHooks()
        hooks.serverLines.append(("swift_extra", "7"))
        let mc = try SessionHarness(hooks: hooks)
        let lines = statLines(mc.send("stats\r\n"))
        #expect(lines.last?.0 == "swift_extra")
    }

    @Test func subcommands() throws {
        let mc = try SessionHarness()
        #expect(mc.send("stats settings\r\n") == "STAT maxbytes 67108864\r\nSTAT maxconns 1024\r\nEND\r\n")
        #expect(
            mc.send("stats conns\r\n") == "STAT 5:addr tcp:127.0.0.1:40000\r\nSTAT 5:state conn_parse_cmd\r\nEND\r\n")
        #expect(mc.send("stats reset\r\n") == "RESET\r\n")
        #expect(mc.hooks.resetCount == 1)
        #expect(
            mc.send("stats detail on\r\nstats detail dump\r\nstats detail off\r\nstats detail\r\nstats detail x\r\n")
                == "OK\r\nEND\r\nOK\r\nCLIENT_ERROR usage: stats detail on|off|dump\r\nCLIENT_ERROR usage: stats detail on|off|dump\r\n"
        )
        #expect(mc.send("stats foo\r\nstats Items\r\n") == "ERROR\r\nERROR\r\n")
        #expect(mc.send("stats sizes\r\n") == "STAT sizes_status disabled\r\nEND\r\n")
        #expect(mc.send("stats extstore\r\n") == "END\r\n")
        #expect(
            mc.send("stats cachedump 1\r\nstats cachedump x 1\r\nstats cachedump 99 1\r\nstats cachedump 1 1\r\n")
                == "CLIENT_ERROR bad command line\r\nCLIENT_ERROR bad command line format\r\nCLIENT_ERROR Illegal slab id\r\nEND\r\n"
        )
    }

    @Test func slabsAndItemsAreWellFormed() throws {
        let mc = try SessionHarness()
        mc.send("set a 0 0 1\r\na\r\n")
        let slabs = mc.send("stats slabs\r\n")
        #expect(slabs.hasSuffix("END\r\n"))
        let slabLines = statLines(slabs)
        #expect(slabLines.suffix(2).map(\.0) == ["active_slabs", "total_malloced"])
        for (name, value) in slabLines {
            #expect(UInt64(value) != nil, "\(name)")
        }
        let items = mc.send("stats items\r\n")
        #expect(items.hasSuffix("END\r\n"))
        for (name, value) in statLines(items) {
            #expect(name.hasPrefix("items:") && UInt64(value) != nil, "\(name)")
        }
    }
}
