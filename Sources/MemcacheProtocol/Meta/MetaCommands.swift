// MetaCommands: entry point of the meta protocol (mg, ms, md, ma, mn, me) for ProtocolSession, plus the
// small response writers the meta commands share.
//
// The session finds a request line whose command is a two-byte meta command and calls
// `handleMetaCommand(_:rest:output:)`. This file takes the split line (commands decode base64 keys into
// the session's `metaKeyScratch`) and dispatches to MetaGet.swift, MetaSet.swift, MetaDelete.swift,
// MetaArithmetic.swift and MetaDebug.swift. Behaviour follows memcached 1.6.18 byte for byte, plus the flags
// later memcached releases added (see MetaFlags.swift and each command's file comment).

import CacheEngine

extension ProtocolSession {
    /// Executes one meta command.
    ///
    /// - Parameters:
    ///   - tokens: the request line (without its terminator), split; the dispatcher only calls this when
    ///     its first token is `mg`, `ms`, `md`, `ma`, `mn` or `me`.
    ///   - rest: the input bytes after the line terminator received so far.
    ///   - output: where the response goes (nothing is written when `.needMoreData` is returned).
    func handleMetaCommand(_ tokens: Tokenizer, rest: UnsafeRawBufferPointer, output: OutputBuffer)
        -> CommandOutcome
    {
        let command = tokens[0][1]
        if command == UInt8(ascii: "n") {
            // memcached answers MN whatever follows on the line.
            output.append(Reply.metaNoOp)
            return .handled
        }
        switch command {
        case UInt8(ascii: "g"):
            latencyFamily = .metaGet
            return metaGet(tokens, output: output)
        case UInt8(ascii: "s"):
            latencyFamily = .metaSet
            return metaSet(tokens, rest: rest, output: output)
        case UInt8(ascii: "d"):
            latencyFamily = .metaDelete
            if readOnly { return denyMeta(output: output) }
            return metaDelete(tokens, output: output)
        case UInt8(ascii: "a"):
            latencyFamily = .metaArithmetic
            if readOnly { return denyMeta(output: output) }
            return metaArithmetic(tokens, output: output)
        case UInt8(ascii: "e"): return metaDebug(tokens, output: output)
        default:
            output.append(Reply.error)
            return .handled
        }
    }

    /// The checks mg, md and ma make before they act, in memcached's order: fewer than two tokens is
    /// `ERROR`; a key over 250 bytes is "bad command line format"; more than 19 tokens is `tooManyTokens`;
    /// then the flags are pre-parsed, and a failure is answered with the parser's message, or with
    /// `flagError` when given (md and ma always answer "invalid or duplicate flag").
    ///
    /// Returns nil when the error line has been written. `key` becomes the key to use (decoded with `b`).
    func metaPrologue(
        _ tokens: Tokenizer, tooManyTokens: StaticString, flagError: StaticString?, key: inout UnsafeRawBufferPointer,
        output: OutputBuffer
    ) -> MetaFlags? {
        guard tokens.count >= 2 else {
            output.append(Reply.error)
            return nil
        }
        key = tokens[1]
        guard key.count <= settings.maxKeyLength else {
            output.append(Reply.badCommandLineFormat)
            return nil
        }
        guard tokens.count <= MetaLimits.maxTokens else {
            output.append(tooManyTokens)
            return nil
        }
        switch MetaFlags.parse(tokens, from: 2, key: &key, keyScratch: metaKeyScratch) {
        case .failed(let message):
            output.append(flagError ?? message)
            return nil
        case .parsed(let flags):
            telemetry.hotKeys?.observe(key)  // mg, md, ma: the decoded key of `b`
            return flags
        }
    }
}

/// Response pieces shared by the meta commands.
enum MetaWriter {
    /// Appends " <opaque token>" (the `O` flag and its argument, as sent).
    @inline(__always)
    static func appendOpaque(_ token: UnsafeRawBufferPointer, to output: OutputBuffer) {
        output.append(byte: UInt8(ascii: " "))
        output.append(token)
    }

    /// Appends " k<key>", or " k<base64 key> b" for a binary key, as memcached's META_KEY does.
    static func appendKey(_ key: UnsafeRawBufferPointer, binary: Bool, to output: OutputBuffer) {
        output.append(" k")
        if binary {
            MetaBase64.encode(key, to: output)
            output.append(" b")
        } else {
            output.append(key)
        }
    }

    /// Appends " <flag><decimal>".
    @inline(__always)
    static func appendNumber(_ flag: UInt8, _ value: UInt64, to output: OutputBuffer) {
        output.append(byte: UInt8(ascii: " "))
        output.append(byte: flag)
        output.appendDecimal(value)
    }

    /// Appends " t<remaining seconds>", or " t-1" for an item that never expires. Like memcached, the
    /// remaining time is the unsigned 32-bit difference (an already-expired stub prints a huge number).
    static func appendTTL(expiry: UInt32, now: UInt32, to output: OutputBuffer) {
        if expiry == 0 {
            output.append(" t-1")
        } else {
            appendNumber(UInt8(ascii: "t"), UInt64(expiry &- now), to: output)
        }
    }

    /// True when any `O` token from `firstFlag` on is longer than memcached accepts.
    static func hasOverlongOpaque(_ tokens: Tokenizer, from firstFlag: Int) -> Bool {
        var index = firstFlag
        while index < tokens.count {
            if tokens.length(of: index) > MetaLimits.maxOpaqueLength && tokens[index][0] == UInt8(ascii: "O") {
                return true
            }
            index &+= 1
        }
        return false
    }

    /// Appends the `O` and `k` echoes in request order (the only flags a miss or failure returns).
    static func appendOpaqueAndKey(
        _ tokens: Tokenizer, from firstFlag: Int, key: UnsafeRawBufferPointer, binary: Bool,
        to output: OutputBuffer
    ) {
        var index = firstFlag
        while index < tokens.count {
            let token = tokens[index]
            switch token[0] {
            case UInt8(ascii: "O"): appendOpaque(token, to: output)
            case UInt8(ascii: "k"): appendKey(key, binary: binary, to: output)
            default: break
            }
            index &+= 1
        }
    }
}
