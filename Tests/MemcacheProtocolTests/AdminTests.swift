// Transcript tests for flush_all, version, verbosity, quit, shutdown and cache_memlimit.

import CacheEngine
import Glibc
import Testing

@testable import MemcacheProtocol

@Suite("Admin commands")
struct AdminTests {
    @Test func flushAllForms() throws {
        let mc = try SessionHarness()
        mc.send("set a 0 0 1\r\na\r\n")
        #expect(mc.send("flush_all\r\nget a\r\n") == "OK\r\nEND\r\n")
        #expect(mc.send("flush_all abc\r\n") == "CLIENT_ERROR invalid exptime argument\r\n")
        #expect(mc.send("flush_all -1\r\nflush_all 0 noreply\r\nflush_all noreply\r\n") == "OK\r\n")
        #expect(mc.send("flush_all 1 2\r\nflush_all 1 2 3\r\n") == "OK\r\nERROR\r\n")
        #expect(mc.send("flush_all noreply 5\r\n") == "CLIENT_ERROR invalid exptime argument\r\n")
    }

    @Test func delayedFlush() throws {
        let mc = try SessionHarness()
        mc.clock.advance(by: 10)
        mc.send("set a 0 0 1\r\na\r\n")
        #expect(mc.send("flush_all 2\r\nget a\r\n") == "OK\r\nVALUE a 0 1\r\na\r\nEND\r\n")
        mc.clock.advance(by: 3)
        #expect(mc.send("get a\r\n") == "END\r\n")
        #expect(mc.send("set b 0 0 1\r\nb\r\nget b\r\n") == "STORED\r\nVALUE b 0 1\r\nb\r\nEND\r\n")
    }

    @Test func flushDisabled() throws {
        var settings = ProtocolSettings()
        settings.flushEnabled = false
        let mc = try SessionHarness(settings: settings)
        #expect(mc.send("flush_all\r\n") == "CLIENT_ERROR flush_all not allowed\r\n")
    }

    @Test func versionIgnoresArguments() throws {
        var settings = ProtocolSettings()
        settings.versionString = "9.9.9-test"
        let mc = try SessionHarness(settings: settings)
        #expect(mc.send("version\r\nversion x y\r\n") == "VERSION 9.9.9-test\r\nVERSION 9.9.9-test\r\n")
    }

    @Test func verbosityForms() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send(
                "verbosity\r\nverbosity abc\r\nverbosity 1 2\r\nverbosity 1 2 3\r\nverbosity 1 noreply\r\nverbosity 5\r\n"
            )
                == "ERROR\r\nCLIENT_ERROR bad command line format\r\nOK\r\nERROR\r\nOK\r\n")
        #expect(mc.hooks.verbosityLevels == [1, 1, 2])
    }

    @Test func quitClosesWithoutReply() throws {
        let mc = try SessionHarness()
        #expect(mc.send("version\r\nquit\r\nversion\r\n") == "VERSION 1.6.18\r\n")
        #expect(mc.closed)
    }

    @Test func shutdownNotEnabled() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("shutdown\r\nshutdown graceful\r\n")
                == "ERROR: shutdown not enabled\r\nERROR: shutdown not enabled\r\n")
        #expect(mc.hooks.shutdownRequests.isEmpty)
    }

    @Test func shutdownEnabled() throws {
        var settings = ProtocolSettings()
        settings.shutdownEnabled = true
        let refused = try SessionHarness(settings: settings)
        #expect(refused.send("shutdown foo\r\n") == "CLIENT_ERROR invalid shutdown mode\r\n")
        #expect(refused.send("shutdown\r\n") == "ERROR: shutdown not enabled\r\n")
        #expect(refused.hooks.shutdownRequests == [false])

        let hooks = FakeServerHooks()
        hooks.shutdownAllowed = true
        let mc = try SessionHarness(settings: settings, hooks: hooks)
        #expect(mc.send("shutdown graceful\r\nversion\r\n") == "")
        #expect(mc.closed)
        #expect(hooks.shutdownRequests == [true])
    }

    @Test func cacheMemlimitForms() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send(
                "cache_memlimit\r\ncache_memlimit 100\r\ncache_memlimit abc\r\ncache_memlimit 7\r\ncache_memlimit 100 noreply\r\ncache_memlimit 1 2 3\r\n"
            )
                == "ERROR\r\nOK\r\nERROR\r\nMEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m\r\nERROR\r\n")
        #expect(
            mc.send("cache_memlimit 1000000001\r\n") == "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes\r\n")
    }
}

@Suite("Maintenance commands")
struct MaintenanceTests {
    @Test func slabsForms() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send("slabs\r\nslabs foo\r\nslabs reassign a 2\r\nslabs reassign 1 2\r\nslabs reassign 1 2 noreply\r\n")
                == "ERROR\r\nERROR\r\nCLIENT_ERROR bad command line format\r\nNOSPARE source class has no spare pages\r\nERROR\r\n"
        )
        #expect(
            mc.send(
                "slabs reassign 3 3\r\nslabs reassign -1 2\r\nslabs reassign 99 1\r\nslabs reassign 1 -2\r\nslabs reassign 0 1\r\n"
            )
                == "SAME src and dst class are identical\r\nBADCLASS invalid src or dst class id\r\n"
                + "BADCLASS invalid src or dst class id\r\nBADCLASS invalid src or dst class id\r\n"
                + "NOSPARE source class has no spare pages\r\n")
        var noReassign = EngineConfiguration()
        noReassign.slabReassign = false
        let disabled = try SessionHarness(configuration: noReassign)
        #expect(disabled.send("slabs reassign 1 2\r\n") == "CLIENT_ERROR slab reassignment disabled\r\n")
        #expect(
            mc.send(
                "slabs automove 1\r\nslabs automove 3\r\nslabs automove x\r\nslabs automove ratio 0.5\r\nslabs automove ratio\r\nslabs automove 1 noreply\r\n"
            )
                == "OK\r\nERROR\r\nCLIENT_ERROR bad command line format\r\nOK\r\nERROR\r\n")
        #expect(mc.engine.slabAutomove == 1 && mc.engine.slabAutomoveRatio == 0.5)
    }

    @Test func slabsReassignWithSparePages() throws {
        // 1 MiB pages, 3 MiB of memory: fill one class with two pages' worth of items.
        var configuration = EngineConfiguration()
        configuration.memoryLimit = 64 << 20
        let mc = try SessionHarness(configuration: configuration)
        let value = String(repeating: "v", count: 100_000)
        for index in 0..<30 { _ = mc.send("set k\(index) 0 0 \(value.count)\r\n\(value)\r\n") }
        let full = try #require(mc.engine.slabStats().first { $0.totalPages >= 2 })
        let other = full.id == 1 ? 2 : 1
        #expect(mc.send("slabs reassign \(full.id) \(other)\r\n") == "OK\r\n")
        mc.engine.waitForPageMoverIdle()
        #expect(mc.send("slabs reassign -1 \(other)\r\n") == "OK\r\n")
        mc.engine.waitForPageMoverIdle()
    }

    @Test func lruCrawlerForms() throws {
        let mc = try SessionHarness()
        mc.engine.startMaintenance(tickClock: false)  // the crawler thread, as in the server
        defer { mc.engine.stopMaintenance() }
        // The scheduler's first automatic crawl may be running: wait for it.
        func waitForCrawler() {
            for _ in 0..<500 where mc.engine.crawlerStatus.running { usleep(10_000) }
        }
        waitForCrawler()
        #expect(mc.send("lru_crawler\r\nlru_crawler crawl all\r\n") == "ERROR\r\nOK\r\n")
        waitForCrawler()
        #expect(
            mc.send("lru_crawler crawl 1,2\r\nlru_crawler crawl x\r\nlru_crawler crawl 1,64\r\nlru_crawler crawl ,\r\n")
                == "OK\r\nBADCLASS invalid class id\r\nBADCLASS invalid class id\r\nNOTSTARTED no items to crawl\r\n")
        #expect(mc.engine.crawlerStatus.starts >= 2)
        waitForCrawler()
        #expect(
            mc.send(
                "lru_crawler tocrawl 10\r\nlru_crawler tocrawl x\r\nlru_crawler sleep 10\r\nlru_crawler sleep 2000000\r\n"
            )
                == "OK\r\nCLIENT_ERROR bad command line format\r\nOK\r\nCLIENT_ERROR sleep must be one second or less\r\n"
        )
        #expect(
            mc.send("lru_crawler enable\r\nlru_crawler disable\r\nlru_crawler disable\r\nlru_crawler crawl all\r\n")
                == "ERROR failed to start lru crawler thread\r\nOK\r\nOK\r\nCLIENT_ERROR lru crawler disabled\r\n")
        #expect(
            mc.send("lru_crawler metadump all\r\nlru_crawler enable\r\nlru_crawler foo\r\nlru_crawler metadump all\r\n")
                == "CLIENT_ERROR lru crawler disabled\r\nOK\r\nERROR\r\n"
                + "ERROR cannot pipeline other commands before metadump\r\n")
        #expect(mc.send("lru_crawler metadump all\r\n") == "END\r\n")
        mc.hooks.admin.dumpEnabled = false
        #expect(mc.send("lru_crawler metadump all\r\n") == "ERROR metadump not allowed\r\n")
        #expect(mc.send("stats cachedump 1\r\n") == "CLIENT_ERROR stats cachedump not allowed\r\n")
        #expect(mc.engine.memoryPolicySettings.lruCrawlerToCrawl == 10)
        #expect(mc.engine.memoryPolicySettings.lruCrawlerSleep == 10)
    }

    @Test func lruForms() throws {
        let mc = try SessionHarness()
        #expect(
            mc.send(
                "lru\r\nlru tune 10 20 0.1 2\r\nlru tune 50 40 0.1 2\r\nlru tune 10 20 0 2\r\nlru tune x 20 0.1 2\r\n")
                == "ERROR\r\nOK\r\nERROR hot and warm pcts must not exceed 80\r\nERROR hot/warm age factors must be greater than 0\r\nERROR\r\n"
        )
        #expect(
            mc.send("lru mode flat\r\nlru mode segmented\r\nlru mode x\r\nlru temp_ttl 10\r\nlru foo\r\n")
                == "OK\r\nOK\r\nERROR\r\nOK\r\nERROR\r\n")
        let settings = mc.engine.memoryPolicySettings
        #expect(settings.hotLRUPercent == 10 && settings.warmLRUPercent == 20)
        #expect(settings.hotMaxFactor == 0.1 && settings.warmMaxFactor == 2)
        #expect(settings.lruSegmented && settings.temporaryLRU && settings.temporaryTTL == 10)
        #expect(mc.send("lru mode flat noreply\r\nlru temp_ttl -1\r\n") == "OK\r\n")
        #expect(!mc.engine.memoryPolicySettings.lruSegmented && !mc.engine.memoryPolicySettings.temporaryLRU)
        var flat = EngineConfiguration()
        flat.lruMaintainer = false
        flat.lruSegmented = false
        let noMaintainer = try SessionHarness(configuration: flat)
        #expect(
            noMaintainer.send("lru mode segmented\r\nlru temp_ttl 10\r\nlru tune 10 20 0.1 2\r\n")
                == "ERROR\r\nERROR\r\nOK\r\n")
    }

    /// `-W`: refused with memcached's reply (silenced by noreply).
    @Test func watchCanBeDisabled() throws {
        var settings = ProtocolSettings()
        settings.watchEnabled = false
        let mc = try SessionHarness(settings: settings)
        #expect(mc.send("watch\r\nwatch fetchers noreply\r\n") == "CLIENT_ERROR watch commands not allowed\r\n")
        #expect(mc.watching == nil)
    }

    /// The streams memcached 1.6.18 accepts; plain `watch` is `fetchers`; accepted-but-silent names add no
    /// stream; anything else (and `noreply`, which is never a stream) is ERROR.
    @Test(
        arguments: [
            ("watch", WatchStreams.fetchers),
            ("watch fetchers mutations", [.fetchers, .mutations]),
            ("watch evictions connevents sysevents", [.evictions, .connevents, .sysevents]),
            ("watch rawcmds", []),
            ("watch proxyreqs proxyevents proxyuser fetchers", .fetchers),
            ("watch fetchers fetchers", .fetchers),
        ] as [(String, WatchStreams)])
    func watchStreams(command: String, streams: WatchStreams) throws {
        let mc = try SessionHarness()
        #expect(mc.send(command + "\r\nget ignored\r\n") == "")
        #expect(mc.watching == streams)
    }

    @Test func watchIsRefusedOverUDP() throws {
        var settings = ProtocolSettings()
        settings.isDatagram = true
        let mc = try SessionHarness(settings: settings)
        #expect(mc.send("watch\r\n") == "SERVER_ERROR watch is not available over UDP\r\n")
        #expect(mc.watching == nil)
    }

    /// `watch hotkeys` needs `-o hotkeys` (the worker's hot-key recorder).
    @Test func watchHotKeys() throws {
        let off = try SessionHarness()
        #expect(off.send("watch hotkeys\r\n") == "CLIENT_ERROR hot keys are off; start with -o hotkeys\r\n")
        #expect(off.watching == nil)
        let on = try SessionHarness(
            telemetry: WorkerTelemetry(hotKeys: HotKeyRecorder(sampleInterval: 16, seed: 1)))
        #expect(on.send("watch hotkeys fetchers\r\n") == "")
        #expect(on.watching == [.hotkeys, .fetchers])
    }

    @Test func watchErrors() throws {
        let mc = try SessionHarness()
        for command in ["watch FETCHERS", "watch deletions", "watch fetchers foo"] {
            #expect(mc.send(command + "\r\n") == "ERROR\r\n")
        }
        // noreply silences the ERROR it causes: no watcher, no reply.
        #expect(mc.send("watch noreply\r\nwatch fetchers noreply\r\n") == "")
        #expect(mc.watching == nil)
    }

    /// memcached refuses `watch` after a request whose reply it has not written yet (even one silenced by
    /// noreply); a get or `mn` before it has been written out, so `watch` is accepted.
    @Test func watchAfterPipelinedRequests() throws {
        let mc = try SessionHarness()
        #expect(mc.send("mg a v\r\nwatch\r\n") == "EN\r\nERROR cannot pipeline other commands before watch\r\n")
        #expect(
            mc.send("set a 0 0 1 noreply\r\nb\r\nwatch\r\n") == "ERROR cannot pipeline other commands before watch\r\n")
        #expect(mc.watching == nil)
        #expect(mc.send("get a\r\nwatch\r\n") == "VALUE a 0 1\r\nb\r\nEND\r\n")
        #expect(mc.watching == .fetchers)
        let other = try SessionHarness()
        #expect(other.send("mn\r\nwatch mutations\r\n") == "MN\r\n")
        #expect(other.watching == .mutations)
    }
}
