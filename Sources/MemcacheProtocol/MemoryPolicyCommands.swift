// MemoryPolicyCommands: the operator commands of memcached's memory policy: `lru` (tune, mode, temp_ttl),
// `lru_crawler` (crawl, metadump, tocrawl, sleep, enable, disable), `slabs` (reassign, automove) and
// `watch`, with memcached 1.6.18's token checks, replies and error strings. Each one changes or reads the
// engine (CacheEngine's MemoryPolicy.swift, LRUCrawler.swift, PageMover.swift, SlabAutomove.swift); a
// metadump streams one line per item through `continueMetadump`, a batch of items per `process` call, so a
// large cache never sits whole in the output buffer.

import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ProtocolSession {
    /// slabs reassign <src> <dst> | slabs automove <0|1|2> | slabs automove ratio <r>
    func slabs(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        if tokens.count == 4 && tokens.token(1, is: "reassign") {
            guard engine.configuration.slabReassign else {
                output.append("CLIENT_ERROR slab reassignment disabled\r\n")
                return .handled
            }
            guard let source = ProtocolNumbers.parseInt32(tokens[2]),
                let destination = ProtocolNumbers.parseInt32(tokens[3])
            else {
                output.append("CLIENT_ERROR bad command line format\r\n")
                return .handled
            }
            switch engine.reassignSlabPage(source: Int(source), destination: Int(destination)) {
            case .ok: output.append("OK\r\n")
            case .busy: output.append("BUSY currently processing reassign request\r\n")
            case .same: output.append("SAME src and dst class are identical\r\n")
            case .badClass: output.append("BADCLASS invalid src or dst class id\r\n")
            case .noSpare: output.append("NOSPARE source class has no spare pages\r\n")
            case .disabled: output.append("CLIENT_ERROR slab reassignment disabled\r\n")
            }
        } else if tokens.count >= 3 && tokens.token(1, is: "automove") {
            let noreply = tokens.token(tokens.count &- 1, is: "noreply")
            if tokens.token(2, is: "ratio") {
                guard tokens.count >= 4, let ratio = parseDouble(tokens[3]) else {
                    reply("ERROR\r\n", noreply: noreply, to: output)
                    return .handled
                }
                engine.setSlabAutomoveRatio(ratio)
            } else {
                guard let level = ProtocolNumbers.parseUInt32(tokens[2]) else {
                    reply("CLIENT_ERROR bad command line format\r\n", noreply: noreply, to: output)
                    return .handled
                }
                guard level <= 2 else {
                    reply("ERROR\r\n", noreply: noreply, to: output)
                    return .handled
                }
                engine.setSlabAutomove(Int(level))
            }
            reply("OK\r\n", noreply: noreply, to: output)
        } else {
            output.append("ERROR\r\n")
        }
        return .handled
    }

    /// lru_crawler crawl <classes> | metadump <classes> | tocrawl <n> | sleep <us> | enable | disable
    func lruCrawler(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly && !tokens.token(1, is: "metadump") { return denyClassic(tokens, output: output) }
        let enabled = engine.memoryPolicySettings.lruCrawler
        if tokens.count == 3 && tokens.token(1, is: "crawl") {
            guard enabled else {
                output.append("CLIENT_ERROR lru crawler disabled\r\n")
                return .handled
            }
            if tokens.token(2, is: "hash") {
                output.append("ERROR an unknown error happened\r\n")
                return .handled
            }
            guard let classes = crawlerClassList(tokens[2]) else {
                output.append("BADCLASS invalid class id\r\n")
                return .handled
            }
            switch engine.startCrawl(classes: classes) {
            case .started: output.append("OK\r\n")
            case .busy: output.append("BUSY currently processing crawler request\r\n")
            case .notStarted: output.append("NOTSTARTED no items to crawl\r\n")
            case .disabled: output.append("CLIENT_ERROR lru crawler disabled\r\n")
            }
        } else if tokens.count == 3 && tokens.token(1, is: "metadump") {
            startMetadump(tokens[2], enabled: enabled, output: output)
        } else if tokens.count == 3 && tokens.token(1, is: "tocrawl") {
            guard let items = ProtocolNumbers.parseUInt32(tokens[2]) else {
                output.append("CLIENT_ERROR bad command line format\r\n")
                return .handled
            }
            engine.setCrawlerItemsPerClass(Int(items))
            output.append("OK\r\n")
        } else if tokens.count == 3 && tokens.token(1, is: "sleep") {
            guard let microseconds = ProtocolNumbers.parseUInt32(tokens[2]) else {
                output.append("CLIENT_ERROR bad command line format\r\n")
                return .handled
            }
            guard microseconds <= 1_000_000 else {
                output.append("CLIENT_ERROR sleep must be one second or less\r\n")
                return .handled
            }
            engine.setCrawlerSleep(microseconds: Int(microseconds))
            output.append("OK\r\n")
        } else if tokens.count == 2 && tokens.token(1, is: "enable") {
            if engine.setCrawler(enabled: true) {
                output.append("OK\r\n")
            } else {
                output.append("ERROR failed to start lru crawler thread\r\n")
            }
        } else if tokens.count == 2 && tokens.token(1, is: "disable") {
            _ = engine.setCrawler(enabled: false)
            output.append("OK\r\n")
        } else {
            output.append("ERROR\r\n")
        }
        return .handled
    }

    /// `lru_crawler metadump <all|hash|classes>`: checks as memcached does, in its order, then starts the
    /// stream (the first batch goes out with this call).
    private func startMetadump(_ what: UnsafeRawBufferPointer, enabled: Bool, output: OutputBuffer) {
        guard enabled else {
            output.append("CLIENT_ERROR lru crawler disabled\r\n")
            return
        }
        guard hooks.adminState().dumpEnabled else {
            output.append("ERROR metadump not allowed\r\n")
            return
        }
        guard !settings.isDatagram else {
            output.append("SERVER_ERROR metadump is not available over UDP\r\n")
            return
        }
        // memcached hands the connection to its crawler thread, which cannot send replies still queued.
        guard output.readableBytes == sentMark else {
            output.append("ERROR cannot pipeline other commands before metadump\r\n")
            return
        }
        let wholeTable = what.matches("hash")
        let classes = wholeTable ? SlabClassSet() : crawlerClassList(what)
        guard let classes else {
            output.append("BADCLASS invalid class id\r\n")
            return
        }
        guard wholeTable || !classes.isEmpty else {
            output.append("NOTSTARTED no items to crawl\r\n")
            return
        }
        guard let cursor = engine.makeMetadumpCursor(classes: classes, wholeTable: wholeTable) else {
            output.append("BUSY currently processing crawler request\r\n")
            return
        }
        activeMetadump = cursor
        continueMetadump(output: output)
    }

    /// Items listed per `process` call while a metadump streams (about 100 KB of lines).
    static let metadumpBatch = 1000

    /// Writes the next batch of metadump lines (memcached's format: `key=<URI-escaped> exp=<-1|unix>
    /// la=<unix> cas=<n> fetch=<yes|no> cls=<n> size=<n>`, LF only), and `END` once the table is done.
    func continueMetadump(output: OutputBuffer) {
        guard var cursor = activeMetadump else { return }
        let started = Int64(engine.clock.processStarted)
        engine.metadump(&cursor, itemBudget: ProtocolSession.metadumpBatch) { entry in
            output.append("key=")
            MetadumpText.appendEscapedKey(entry.key, to: output)
            output.append(" exp=")
            if entry.exptime == 0 {
                output.append("-1")
            } else {
                output.appendDecimal(started + Int64(entry.exptime))
            }
            output.append(" la=")
            output.appendDecimal(started + Int64(entry.lastAccess))
            output.append(" cas=")
            output.appendDecimal(entry.cas)
            output.append(entry.fetched ? " fetch=yes cls=" : " fetch=no cls=")
            output.appendDecimal(entry.classID)
            output.append(" size=")
            output.appendDecimal(entry.size)
            output.append(byte: 0x0A)
        }
        if cursor.finished {
            output.append("END\r\n")
            activeMetadump = nil
        } else {
            activeMetadump = cursor
        }
    }

    /// lru tune <hot%> <warm%> <hot factor> <warm factor> | lru mode flat|segmented | lru temp_ttl <ttl>
    func lru(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        guard tokens.count >= 2 else {
            output.append("ERROR\r\n")
            return .handled
        }
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        do throws(LRUSettingError) {
            if tokens.token(1, is: "tune") && tokens.count >= 6 {
                guard let hot = ProtocolNumbers.parseUInt32(tokens[2]),
                    let warm = ProtocolNumbers.parseUInt32(tokens[3]),
                    let hotFactor = parseDouble(tokens[4]), let warmFactor = parseDouble(tokens[5])
                else {
                    reply("ERROR\r\n", noreply: noreply, to: output)
                    return .handled
                }
                try engine.tuneLRU(
                    hotPercent: Int(hot), warmPercent: Int(warm), hotMaxFactor: hotFactor, warmMaxFactor: warmFactor)
            } else if tokens.token(1, is: "mode") && tokens.count >= 3
                && (tokens.token(2, is: "flat") || tokens.token(2, is: "segmented"))
            {
                try engine.setLRUMode(segmented: tokens.token(2, is: "segmented"))
            } else if tokens.token(1, is: "temp_ttl") && tokens.count >= 3,
                let ttl = ProtocolNumbers.parseInt32(tokens[2])
            {
                try engine.setTemporaryTTL(Int(ttl))
            } else {
                reply("ERROR\r\n", noreply: noreply, to: output)
                return .handled
            }
            reply("OK\r\n", noreply: noreply, to: output)
        } catch {
            switch error {
            case .percentagesTooHigh:
                reply("ERROR hot and warm pcts must not exceed 80\r\n", noreply: noreply, to: output)
            case .factorNotPositive:
                reply("ERROR hot/warm age factors must be greater than 0\r\n", noreply: noreply, to: output)
            case .maintainerNotRunning:
                reply("ERROR\r\n", noreply: noreply, to: output)
            }
        }
        return .handled
    }

    /// watch: log streaming is not available (memcached's answer when watchers are disabled).
    /// `watch [stream ...]`: memcached 1.6.18's checks in its order. `noreply` is never a stream name, so
    /// it only silences the ERROR it causes. `rawcmds` and the proxy streams are accepted as memcached
    /// accepts them and, as there, nothing is ever logged to them.
    func watch(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        guard settings.watchEnabled else {
            reply("CLIENT_ERROR watch commands not allowed\r\n", noreply: noreply, to: output)
            return .handled
        }
        guard !settings.isDatagram else {
            // A watcher is a stream; a UDP reply is one bounded run of datagrams.
            reply("SERVER_ERROR watch is not available over UDP\r\n", noreply: noreply, to: output)
            return .handled
        }
        guard requestsSinceFlush <= 1 else {
            reply("ERROR cannot pipeline other commands before watch\r\n", noreply: noreply, to: output)
            return .handled
        }
        var streams: WatchStreams = tokens.count == 1 ? .fetchers : []
        for index in 1..<tokens.count {
            let name = tokens[index]
            if name.matches("fetchers") {
                streams.insert(.fetchers)
            } else if name.matches("mutations") {
                streams.insert(.mutations)
            } else if name.matches("evictions") {
                streams.insert(.evictions)
            } else if name.matches("connevents") {
                streams.insert(.connevents)
            } else if name.matches("sysevents") {
                streams.insert(.sysevents)
            } else if name.matches("hotkeys") {
                streams.insert(.hotkeys)
            } else if !(name.matches("rawcmds") || name.matches("proxyreqs") || name.matches("proxyevents")
                || name.matches("proxyuser"))
            {
                reply(Reply.error, noreply: noreply, to: output)
                return .handled
            }
        }
        if streams.contains(.hotkeys) && telemetry.hotKeys == nil {
            reply(Reply.hotKeysOff, noreply: noreply, to: output)
            return .handled
        }
        return .watch(streams)
    }

    /// "all", or a comma-separated list of slab class ids 1...63 (memcached's lru_crawler_crawl check);
    /// nil for a bad id. Empty fields are skipped, as strtok_r does.
    private func crawlerClassList(_ list: UnsafeRawBufferPointer) -> SlabClassSet? {
        var classes = SlabClassSet()
        if list.matches("all") {
            for id in 1..<64 { classes.insert(id) }
            return classes
        }
        var start = 0
        for index in 0...list.count where index == list.count || list[index] == UInt8(ascii: ",") {
            defer { start = index &+ 1 }
            if index == start { continue }
            let field = UnsafeRawBufferPointer(rebasing: list[start..<index])
            guard let classID = ProtocolNumbers.parseUInt32(field), classID >= 1, classID < 64 else { return nil }
            classes.insert(Int(classID))
        }
        return classes
    }

    /// memcached's safe_strtod: the C library's strtod over the whole token.
    private func parseDouble(_ token: UnsafeRawBufferPointer) -> Double? {
        var text = Array(token)
        text.append(0)
        return text.withUnsafeBufferPointer { buffer -> Double? in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { start in
                var end: UnsafeMutablePointer<CChar>? = nil
                errno = 0
                let value = strtod(start, &end)
                guard errno != ERANGE, let end, end != UnsafeMutablePointer(mutating: start) else { return nil }
                let terminator = UInt8(bitPattern: end.pointee)
                guard terminator == 0 || ProtocolNumbers.isCSpace(terminator) else { return nil }
                return value
            }
        }
    }
}

/// memcached's metadump key escaping: URI encoding, every byte but A-Z a-z 0-9 `-._~` as `%XX` (uppercase).
enum MetadumpText {
    static func appendEscapedKey(_ key: UnsafeRawBufferPointer, to output: OutputBuffer) {
        for byte in key {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte: byte)
            default:
                output.append(byte: UInt8(ascii: "%"))
                output.append(byte: hexDigit(byte >> 4))
                output.append(byte: hexDigit(byte & 0x0F))
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
