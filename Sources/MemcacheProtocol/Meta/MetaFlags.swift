// MetaFlags: parses the flag tokens of a meta command (mg/ms/md/ma) into a value, the way memcached 1.6.18's
// shared flag pre-parser does, (its error lines are in Replies.swift).
//
// Every meta command shares one flag grammar: each token after the key (and after the data length for `ms`)
// is a single-character flag, optionally followed by a glued argument (`T30`, `Oabc`, `MS`). The pre-parser
// walks the tokens in order: a repeated flag character or one it does not know stops it at once with
// "duplicate flag" / "invalid flag"; a bad argument marks the request as failed but parsing continues, so a
// later bad argument's message wins (and a later unknown flag wins over both). This file reproduces that
// precedence because clients see the resulting error strings.
//
// The returned response flags (`k`, `O`, `c`, `t`, ...) are written later by each command, in request order,
// by walking the tokens again; this file only collects the values that drive the operation.

import CacheEngine

/// memcached's limits on a meta request line.
enum MetaLimits {
    /// memcached's MFLAG_MAX_OPT_LENGTH: a meta line may hold at most this many token slots, counting
    /// memcached's terminal slot, so at most 19 real tokens (command, key, ...).
    static let maxTokens = 19
    /// memcached's MFLAG_MAX_OPAQUE_LENGTH: the longest `O` token, flag character included.
    static let maxOpaqueLength = 32
}

/// The values carried by a meta command's flags, after memcached's pre-parse.
///
/// Why a plain struct of scalars: it lives on the stack for one request; the tokens themselves stay in the
/// read buffer and are walked again when the response is written.
struct MetaFlags {
    /// Flag characters seen so far (bit n of `seenLow` is byte n, bit n of `seenHigh` is byte 64+n).
    private var seenLow: UInt64 = 0
    private var seenHigh: UInt64 = 0

    /// `b`: the key token is base64; the decoded key is what is looked up.
    var keyIsBinary = false
    /// `q`: suppress the nominal reply (EN for mg, HD for ms/md/ma).
    var quiet = false
    /// `u`: do not bump the item in the LRU nor mark it fetched (mg).
    var noLRUBump = false
    /// `v`: return the value (mg, ma).
    var returnValue = false
    /// `N<ttl>`: vivify on miss (mg, ma; ms append/prepend as in later memcached).
    var vivify = false
    var vivifyTTL: Int32 = 0
    /// `T<ttl>`: new TTL.
    var hasNewTTL = false
    var newTTL: Int32 = 0
    /// `R<ttl>`: win a recache token when the remaining TTL is below this (mg).
    var hasRecache = false
    var recacheTTL: Int32 = 0
    /// `F<flags>`: client flags (ms).
    var clientFlags: UInt32 = 0
    /// `C<cas>`: compare CAS.
    var hasCompareCAS = false
    var compareCAS: UInt64 = 0
    /// `E<cas>`: use this as the new CAS value (memcached 1.6.27+).
    var hasExplicitCAS = false
    var explicitCAS: UInt64 = 0
    /// `I`: invalidate (md) / allow a stale store (ms).
    var invalidate = false
    /// `x`: drop the value but keep the item (md, memcached 1.6.27+).
    var dropValue = false
    /// `M<mode>`: the mode character (ms, ma); 0 when absent.
    var mode: UInt8 = 0
    /// `J<u64>` initial value and `D<u64>` delta (ma).
    var initialValue: UInt64 = 0
    var delta: UInt64 = 1

    /// Outcome of `parse`.
    enum ParseResult {
        case parsed(MetaFlags)
        /// The request is rejected with this error line.
        case failed(StaticString)
    }

    /// Pre-parses `tokens[firstFlag...]` like memcached's `_meta_flag_preparse`.
    ///
    /// `key` is the key token; with `b` it is replaced by its decoded bytes, written to `keyScratch`
    /// (which must hold `MetaBase64.decodedCapacity(forEncodedLength: key.count)` bytes and outlive the use of `key`).
    static func parse(
        _ tokens: Tokenizer, from firstFlag: Int, key: inout UnsafeRawBufferPointer,
        keyScratch: UnsafeMutableRawPointer
    ) -> ParseResult {
        var flags = MetaFlags()
        var failed = false
        // memcached keeps one error-string variable: numeric failures overwrite it, `F` leaves it alone.
        var message = Reply.badCommandLineFormat
        /// A flag's numeric argument: on a parse failure the request fails with `error` (nil: keep the
        /// message as it is, as memcached does for `F`), and parsing goes on.
        func number<T>(_ parsed: T?, else error: StaticString?) -> T? {
            if parsed == nil {
                if let error { message = error }
                failed = true
            }
            return parsed
        }
        var index = firstFlag
        while index < tokens.count {
            let token = tokens[index]
            index &+= 1
            let flag = token[0]
            if flag >= 127 || flags.markSeen(flag) {
                return .failed(Reply.duplicateFlag)
            }
            let argument = UnsafeRawBufferPointer(rebasing: token[1...])
            switch flag {
            case UInt8(ascii: "b"):
                let decoded = MetaBase64.decode(key, into: keyScratch)
                if decoded == 0 {
                    message = Reply.errorDecodingKey
                    failed = true
                }
                key = UnsafeRawBufferPointer(start: keyScratch, count: decoded)
                flags.keyIsBinary = true
            case UInt8(ascii: "N"):
                flags.vivify = true
                if let value = number(DecimalText.parseInt32(argument), else: Reply.badToken) {
                    flags.vivifyTTL = value
                }
            case UInt8(ascii: "T"):
                if let value = number(DecimalText.parseInt32(argument), else: Reply.badToken) {
                    flags.newTTL = value
                    flags.hasNewTTL = true
                }
            case UInt8(ascii: "R"):
                if let value = number(DecimalText.parseInt32(argument), else: Reply.badToken) {
                    flags.recacheTTL = value
                    flags.hasRecache = true
                }
            case UInt8(ascii: "l"), UInt8(ascii: "O"), UInt8(ascii: "P"), UInt8(ascii: "L"),
                UInt8(ascii: "k"), UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "c"),
                UInt8(ascii: "f"), UInt8(ascii: "h"):
                break
            case UInt8(ascii: "v"):
                flags.returnValue = true
            case UInt8(ascii: "u"):
                flags.noLRUBump = true
            case UInt8(ascii: "q"):
                flags.quiet = true
            case UInt8(ascii: "F"):
                if let value = number(DecimalText.parseUInt32(argument), else: nil) {
                    flags.clientFlags = value
                }
            case UInt8(ascii: "C"):
                if let value = number(DecimalText.parseUInt64(argument), else: Reply.badToken) {
                    flags.compareCAS = value
                    flags.hasCompareCAS = true
                }
            case UInt8(ascii: "E"):
                if let value = number(DecimalText.parseUInt64(argument), else: Reply.badToken) {
                    flags.explicitCAS = value
                    flags.hasExplicitCAS = true
                }
            case UInt8(ascii: "M"):
                if token.count != 2 {
                    message = Reply.incorrectModeLength
                    failed = true
                } else {
                    flags.mode = token[1]
                }
            case UInt8(ascii: "J"):
                if let value = number(DecimalText.parseUInt64(argument), else: Reply.invalidInitialValue) {
                    flags.initialValue = value
                }
            case UInt8(ascii: "D"):
                if let value = number(DecimalText.parseUInt64(argument), else: Reply.invalidDeltaValue) {
                    flags.delta = value
                }
            case UInt8(ascii: "I"):
                flags.invalidate = true
            case UInt8(ascii: "x"):
                flags.dropValue = true
            default:
                return .failed(Reply.invalidFlag)
            }
        }
        if failed { return .failed(message) }
        return .parsed(flags)
    }

    /// Records `flag` as seen; returns true when it had been seen before.
    @inline(__always)
    private mutating func markSeen(_ flag: UInt8) -> Bool {
        if flag < 64 {
            let bit = UInt64(1) << UInt64(flag)
            defer { seenLow |= bit }
            return seenLow & bit != 0
        }
        let bit = UInt64(1) << UInt64(flag &- 64)
        defer { seenHigh |= bit }
        return seenHigh & bit != 0
    }
}
