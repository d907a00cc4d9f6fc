// Administrative commands: flush_all, version, verbosity, shutdown, cache_memlimit (quit is handled by the
// dispatcher: it closes the connection without a reply).
//
//   flush_all [delay] [noreply]   -> OK                    version         -> VERSION <version>
//   verbosity <level> [noreply]   -> OK                    shutdown [graceful]   (needs -A)
//   cache_memlimit <megabytes> [noreply] -> OK | MEMLIMIT_TOO_SMALL ... | MEMLIMIT_ADJUST_FAILED ...
//   refresh_certs [noreply]       -> OK | <the TLS error line, always sent, without an ERROR prefix>
//
// Token counts, error strings and noreply handling follow memcached 1.6.18's proto_text.c.

import CacheEngine

extension ProtocolSession {
    /// flush_all: 1 to 3 tokens. A delay makes items stored before now+delay invisible at that time.
    func flushAll(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard tokens.count <= 3 else {
            output.append(Reply.error)
            return .handled
        }
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        guard settings.flushEnabled else {
            reply(Reply.flushAllNotAllowed, noreply: noreply, to: output)
            return .handled
        }
        var exptime: Int32 = 0
        if tokens.count != (noreply ? 2 : 1) {
            guard let parsed = DecimalText.parseInt32(tokens[1]) else {
                reply(Reply.invalidExptime, noreply: noreply, to: output)
                return .handled
            }
            exptime = parsed
        }
        var delay: UInt32 = 0
        if exptime > 0 {
            // The delay may be relative or an absolute Unix time, like any exptime.
            let flushAt = engine.clock.relativeExpiry(fromProtocol: Int64(exptime))
            let now = engine.clock.now
            delay = flushAt > now ? flushAt &- now : 0
        }
        engine.flushAll(delay: delay, context: context)
        reply(Reply.ok, noreply: noreply, to: output)
        return .handled
    }

    /// version: any arguments are ignored.
    func version(output: OutputBuffer) -> CommandOutcome {
        versionReply.withUnsafeBytes { output.append($0) }
        return .handled
    }

    /// verbosity: 2 tokens, or 3 with `noreply` (or anything) last.
    func verbosity(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard let noreply = noreplyFlag(tokens, arguments: 1, output: output) else { return .handled }
        guard let level = DecimalText.parseUInt32(tokens[1]) else {
            reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
            return .handled
        }
        hooks.setVerbosity(Int(min(level, 2)))
        reply(Reply.ok, noreply: noreply, to: output)
        return .handled
    }

    /// shutdown [graceful]: only with -A; on success the connection closes without a reply.
    func shutdown(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard settings.shutdownEnabled else {
            output.append(Reply.shutdownNotEnabled)
            return .handled
        }
        let graceful: Bool
        if tokens.count == 1 {
            graceful = false
        } else if tokens.count == 2 && tokens.token(1, is: "graceful") {
            graceful = true
        } else {
            output.append(Reply.invalidShutdownMode)
            return .handled
        }
        guard hooks.requestShutdown(graceful: graceful) else {
            output.append(Reply.shutdownNotEnabled)
            return .handled
        }
        return .closeSilently
    }

    /// refresh_certs: any number of tokens (memcached does not count them); `noreply` last silences only
    /// the `OK`: a failure is always reported, as memcached writes its error line unconditionally.
    func refreshCerts(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }  // an admin command (Authentication.swift)
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        if let error = hooks.refreshCertificates() {
            output.append(string: error)
        } else {
            reply(Reply.ok, noreply: noreply, to: output)
        }
        return .handled
    }

    /// cache_memlimit: 2 tokens, or 3 with `noreply` (or anything) last. The argument is in megabytes.
    func cacheMemoryLimit(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard let noreply = noreplyFlag(tokens, arguments: 1, output: output) else { return .handled }
        guard let megabytes = DecimalText.parseUInt32(tokens[1]) else {
            reply(Reply.error, noreply: noreply, to: output)
            return .handled
        }
        if megabytes < 8 {
            reply(Reply.memoryLimitTooSmall, noreply: noreply, to: output)
        } else if megabytes > 1_000_000_000 {
            reply(Reply.memoryLimitNotMegabytes, noreply: noreply, to: output)
        } else if engine.setMemoryLimit(Int(megabytes) * 1024 * 1024) {
            reply(Reply.ok, noreply: noreply, to: output)
        } else {
            reply(Reply.memoryLimitAdjustFailed, noreply: noreply, to: output)
        }
        return .handled
    }
}
