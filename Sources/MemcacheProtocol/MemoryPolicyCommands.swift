// MemoryPolicyCommands: slabs, lru_crawler, lru and watch.
//
// `slabs reassign` and `slabs automove` drive the engine's page mover (CacheEngine/PageMover.swift,
// SlabAutomove.swift) and answer as memcached 1.6.18 does. swiftcached's engine has no segmented LRU or
// log watchers, and its LRU crawler runs on its own schedule. Those commands are still answered with
// memcached 1.6.18's token checks, error strings and state-dependent replies (crawler enabled/disabled),
// so tools that send them (memcached-tool, exporters, operators' scripts) get the reply memcached would
// give. LRU tuning values are recorded for `stats settings` but do not change the engine; metadump lists
// nothing.

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
        if tokens.count == 4 && tokens.token(1, is: "reassign") {
            guard hooks.adminState().slabReassign, engine.configuration.slabReassign else {
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
                hooks.applySettingChange(.slabAutomoveRatio(ratio))
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
                hooks.applySettingChange(.slabAutomove(Int(level)))
            }
            reply("OK\r\n", noreply: noreply, to: output)
        } else {
            output.append("ERROR\r\n")
        }
        return .handled
    }

    /// lru_crawler crawl <classes> | metadump <classes> | tocrawl <n> | sleep <us> | enable | disable
    func lruCrawler(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if tokens.count == 3 && tokens.token(1, is: "crawl") {
            if !hooks.adminState().lruCrawler {
                output.append("CLIENT_ERROR lru crawler disabled\r\n")
            } else if crawlerClassListIsValid(tokens[2]) {
                output.append("OK\r\n")
            } else {
                output.append("BADCLASS invalid class id\r\n")
            }
        } else if tokens.count == 3 && tokens.token(1, is: "metadump") {
            let state = hooks.adminState()
            if !state.lruCrawler {
                output.append("CLIENT_ERROR lru crawler disabled\r\n")
            } else if !state.dumpEnabled {
                output.append("ERROR metadump not allowed\r\n")
            } else if tokens.token(2, is: "all") || tokens.token(2, is: "hash")
                || crawlerClassListIsValid(tokens[2])
            {
                // The engine cannot list its items: the dump is empty (what memcached sends for an empty
                // cache). Listing keys would need an engine iteration API.
                output.append("END\r\n")
            } else {
                output.append("BADCLASS invalid class id\r\n")
            }
        } else if tokens.count == 3 && tokens.token(1, is: "tocrawl") {
            guard let items = ProtocolNumbers.parseUInt32(tokens[2]) else {
                output.append("CLIENT_ERROR bad command line format\r\n")
                return .handled
            }
            hooks.applySettingChange(.lruCrawlerToCrawl(Int(items)))
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
            hooks.applySettingChange(.lruCrawlerSleep(Int(microseconds)))
            output.append("OK\r\n")
        } else if tokens.count == 2 && tokens.token(1, is: "enable") {
            if hooks.setLRUCrawler(enabled: true) {
                output.append("OK\r\n")
            } else {
                output.append("ERROR failed to start lru crawler thread\r\n")
            }
        } else if tokens.count == 2 && tokens.token(1, is: "disable") {
            _ = hooks.setLRUCrawler(enabled: false)
            output.append("OK\r\n")
        } else {
            output.append("ERROR\r\n")
        }
        return .handled
    }

    /// lru tune <hot%> <warm%> <hot factor> <warm factor> | lru mode flat|segmented | lru temp_ttl <ttl>
    func lru(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        guard tokens.count >= 2 else {
            output.append("ERROR\r\n")
            return .handled
        }
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        if tokens.token(1, is: "tune") && tokens.count >= 6 {
            guard let hot = ProtocolNumbers.parseUInt32(tokens[2]), let warm = ProtocolNumbers.parseUInt32(tokens[3]),
                let hotFactor = parseDouble(tokens[4]), let warmFactor = parseDouble(tokens[5])
            else {
                reply("ERROR\r\n", noreply: noreply, to: output)
                return .handled
            }
            if UInt64(hot) + UInt64(warm) > 80 {
                reply("ERROR hot and warm pcts must not exceed 80\r\n", noreply: noreply, to: output)
            } else if hotFactor <= 0 || warmFactor <= 0 {
                reply("ERROR hot/warm age factors must be greater than 0\r\n", noreply: noreply, to: output)
            } else {
                hooks.applySettingChange(
                    .lruTune(
                        hotPercent: Int(hot), warmPercent: Int(warm), hotMaxFactor: hotFactor,
                        warmMaxFactor: warmFactor))
                reply("OK\r\n", noreply: noreply, to: output)
            }
        } else if tokens.token(1, is: "mode") && tokens.count >= 3 {
            if tokens.token(2, is: "flat") || tokens.token(2, is: "segmented") {
                hooks.applySettingChange(.lruSegmented(tokens.token(2, is: "segmented")))
                reply("OK\r\n", noreply: noreply, to: output)
            } else {
                reply("ERROR\r\n", noreply: noreply, to: output)
            }
        } else if tokens.token(1, is: "temp_ttl") && tokens.count >= 3 {
            if let ttl = ProtocolNumbers.parseInt32(tokens[2]) {
                hooks.applySettingChange(.temporaryTTL(Int(ttl)))
                reply("OK\r\n", noreply: noreply, to: output)
            } else {
                reply("ERROR\r\n", noreply: noreply, to: output)
            }
        } else {
            reply("ERROR\r\n", noreply: noreply, to: output)
        }
        return .handled
    }

    /// watch: log streaming is not available (memcached's answer when watchers are disabled).
    func watch(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        reply("CLIENT_ERROR watch commands not allowed\r\n", noreply: noreply, to: output)
        return .handled
    }

    /// "all", or a comma-separated list of slab class ids 1...63 (memcached's lru_crawler_crawl check).
    private func crawlerClassListIsValid(_ list: UnsafeRawBufferPointer) -> Bool {
        if list.matches("all") { return true }
        var start = 0
        for index in 0...list.count where index == list.count || list[index] == UInt8(ascii: ",") {
            defer { start = index &+ 1 }
            if index == start { continue }  // strtok_r skips empty fields
            let field = UnsafeRawBufferPointer(rebasing: list[start..<index])
            guard let classID = ProtocolNumbers.parseUInt32(field), classID >= 1, classID < 64 else { return false }
        }
        return true
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
