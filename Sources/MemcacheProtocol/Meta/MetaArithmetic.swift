// MetaArithmetic: the `ma <key> <flags>*` command (increment/decrement with optional create-on-miss).
//
// memcached 1.6.18: fewer than two tokens -> ERROR; key over 250 bytes -> bad command line format; too
// many tokens -> "options flags too long"; any flag error -> "invalid or duplicate flag"; a mode other
// than I/+ (incr, the default) or D/- (decr) -> "invalid mode for ma M token". Then the delta D (default 1)
// is applied; with N<ttl> a miss creates the item with value J (default 0) and that TTL. C<cas> compares
// when non-zero (EX on mismatch). Replies: HD, or with v `VA <len>` and the number as the data block;
// NF on a miss, EX on a CAS mismatch, errors for a non-numeric value. Returned flags in request order: c
// (CAS after the operation), t (TTL: a t before T shows the TTL before T; a created counter has none before N), O,
// k (the request's form of the key). T applies to a created counter too. q hides the success reply of an
// existing counter (memcached still answers when the counter was just created). An O token over 32 bytes
// is only noticed while the reply is written, after the operation, as in memcached.
// The result is written in place unless the reply of an mg since the last flush point still references the
// item (`ReferencedVersions`); then, as in memcached, it goes to a new item (unfetched, unpadded).
// Later memcached adds `E<cas>` (superset here): the CAS to assign.

import CacheEngine

extension ProtocolSession {
    /// `ma`: see the file comment.
    func metaArithmetic(
        _ tokens: Tokenizer, output: OutputBuffer
    ) -> CommandOutcome {
        var key = UnsafeRawBufferPointer(start: nil, count: 0)
        guard
            let flags = metaPrologue(
                tokens, tooManyTokens: Reply.flagsTooLong, flagError: Reply.invalidOrDuplicateFlag,
                key: &key, output: output)
        else { return .handled }
        let increment: Bool
        switch flags.mode {
        case 0, UInt8(ascii: "I"), UInt8(ascii: "+"): increment = true
        case UInt8(ascii: "D"), UInt8(ascii: "-"): increment = false
        default:
            output.append(Reply.invalidArithmeticMode)
            return .handled
        }

        var request = ArithmeticRequest(key: key, increment: increment, delta: flags.delta)
        request.compareCAS = flags.compareCAS
        if flags.vivify { request.vivify = (initial: flags.initialValue, expiry: protocolExpiry(flags.vivifyTTL)) }
        if flags.hasNewTTL {
            request.newExpiry = protocolExpiry(flags.newTTL)
            // memcached applies N and T in request order: with N after T a created counter keeps N's TTL.
            request.vivifyOverridesNewExpiry = flags.vivify && metaFlagIndex(tokens, "N") > metaFlagIndex(tokens, "T")
        }
        if flags.hasExplicitCAS { request.explicitNewCAS = flags.explicitCAS }
        request.referencedVersions = referencedVersions.versions

        let mark = output.readableBytes
        var report = ArithmeticReport()
        switch engine.arithmetic(request, context: context, report: &report) {
        case .value(let number, let cas, _):
            if flags.quiet && !report.created { return .handled }
            // Returned flags follow request order, as memcached applies N and T while it writes them: a
            // created counter has no TTL until its N, and a t before T shows the TTL T replaced.
            var expiry = report.created ? 0 : report.previousExpiry
            let now = engine.clock.now
            if flags.returnValue {
                output.append("VA ")
                output.appendDecimal(DecimalText.digitCount(number))
            } else {
                output.append("HD")
            }
            var index = 2
            while index < tokens.count {
                let token = tokens[index]
                index &+= 1
                switch token[0] {
                case UInt8(ascii: "c"):
                    MetaWriter.appendNumber(UInt8(ascii: "c"), cas, to: output)
                case UInt8(ascii: "N"):
                    if report.created { expiry = report.previousExpiry }
                case UInt8(ascii: "T"):
                    expiry = request.newExpiry ?? expiry
                case UInt8(ascii: "t"):
                    MetaWriter.appendTTL(expiry: expiry, now: now, to: output)
                case UInt8(ascii: "O"):
                    if token.count > MetaLimits.maxOpaqueLength {
                        output.truncate(toReadableCount: mark)
                        output.append(Reply.opaqueTooLong)
                        return .handled
                    }
                    MetaWriter.appendOpaque(token, to: output)
                case UInt8(ascii: "k"):
                    MetaWriter.appendKey(key, binary: flags.keyIsBinary, to: output)
                default:
                    break
                }
            }
            if flags.returnValue {
                output.append("\r\n")
                output.appendDecimal(number)
            }
            output.append("\r\n")
        case .notFound:
            metaArithmeticFailure("NF", tokens, key: key, flags: flags, output: output)
        case .exists:
            metaArithmeticFailure("EX", tokens, key: key, flags: flags, output: output)
        case .nonNumeric:
            output.append(Reply.nonNumericValue)
        case .outOfMemory:
            output.append(Reply.outOfMemory)
        }
        return .handled
    }

    /// NF/EX with the O and k echoes (or the opaque error).
    private func metaArithmeticFailure(
        _ code: StaticString, _ tokens: Tokenizer, key: UnsafeRawBufferPointer, flags: MetaFlags,
        output: OutputBuffer
    ) {
        if MetaWriter.hasOverlongOpaque(tokens, from: 2) {
            output.append(Reply.opaqueTooLong)
            return
        }
        output.append(code)
        MetaWriter.appendOpaqueAndKey(tokens, from: 2, key: key, binary: flags.keyIsBinary, to: output)
        output.append("\r\n")
    }

    /// Index of the first token starting with `flag` (from the flags on), or Int.max.
    private func metaFlagIndex(_ tokens: Tokenizer, _ flag: Unicode.Scalar) -> Int {
        var index = 2
        while index < tokens.count {
            if tokens[index][0] == UInt8(ascii: flag) { return index }
            index &+= 1
        }
        return Int.max
    }
}
