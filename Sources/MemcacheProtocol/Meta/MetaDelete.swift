// MetaDelete: the `md <key> <flags>*` command.
//
// memcached 1.6.18: fewer than two tokens -> ERROR; key over 250 bytes -> bad command line format; too
// many tokens -> "options flags too long"; any flag error at all -> "invalid or duplicate flag"; an O
// token over 32 bytes -> "opaque token too long" (before anything is done). Then:
//   C<cas> that does not match -> EX; I -> keep the item but mark it stale, clear its win bit, give it a
//   new CAS and, with T, a new TTL (lease property P4); otherwise the item is removed. A miss is NF.
// The reply echoes O and k in request order; q hides HD only.
// Later memcached adds (superset here): `E<cas>` (the CAS to assign with I) and `x` (empty the value and
// client flags but keep the item).

import CacheEngine

extension ProtocolSession {
    /// `md`: see the file comment.
    func metaDelete(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        var key = UnsafeRawBufferPointer(start: nil, count: 0)
        guard
            let flags = metaPrologue(
                tokens, tooManyTokens: Reply.flagsTooLong, flagError: Reply.invalidOrDuplicateFlag,
                key: &key, output: output)
        else { return .handled }
        if MetaWriter.hasOverlongOpaque(tokens, from: 2) {
            output.append(Reply.opaqueTooLong)
            return .handled
        }

        var request = DeleteRequest(key: key)
        if flags.hasCompareCAS { request.compareCAS = metaCompareValue(flags.compareCAS) }
        request.invalidate = flags.invalidate
        if flags.invalidate && flags.hasNewTTL { request.newExpiry = protocolExpiry(flags.newTTL) }
        if flags.hasExplicitCAS { request.explicitNewCAS = flags.explicitCAS }
        request.dropValue = flags.dropValue

        switch engine.delete(request, context: context) {
        case .deleted:
            if flags.quiet { return .handled }
            output.append("HD")
        case .notFound:
            output.append("NF")
        case .exists:
            output.append("EX")
        }
        MetaWriter.appendOpaqueAndKey(tokens, from: 2, key: key, binary: flags.keyIsBinary, to: output)
        output.append("\r\n")
        return .handled
    }

    /// The engine reads a compare-CAS of 0 as "no check", but memcached's md/ma compare `C0` like any other
    /// value: it never matches a live item while CAS is enabled. Map it to a value no item can carry.
    @inline(__always)
    func metaCompareValue(_ requested: UInt64) -> UInt64 {
        requested == 0 && engine.configuration.casEnabled ? UInt64.max : requested
    }
}
