// MetaGet: the `mg <key> <flags>*` command, including the lease flags N (vivify on miss), R (recache) and the
// returned W (won), Z (a win was already handed out) and X (stale).
//
// memcached 1.6.18 semantics reproduced here:
// - the item is looked up (or vivified into a 0-byte stub by N) under the engine's item lock, and the whole
//   response line is computed inside that lock, so exactly one client sees W for a stub or stale item even
//   when several worker threads race;
// - returned flags are computed in request order, so `t` before `T`/`N` shows the TTL before the change;
// - after the requested flags come Z (win already sent), X (stale; a stale item with no win out yet wins),
//   then W (which marks the win as sent);
// - a miss answers `EN` echoing O and k (nothing at all with q); a hit without v answers `HD`;
// - an `O` token over 32 bytes is found while the response is being built: the error replaces the
//   response, but what the earlier flags did to the item (T, N) stays done, as in memcached.
// - `k` shows the item's key base64-encoded (with ` b`) when the item was stored with a base64 key,
//   whatever this request says (a stub vivified here never is); a miss echoes the request's form;
// - a hit with T counts as a touch (cmd_touch, touch_hits), not as a get; a miss counts as a get miss;
// - the item stays referenced until the response is written, which decides whether a later `ma` in the
//   same batch may write in place (recorded in the session's `ReferencedVersions`).
// Later memcached adds `E<cas>`: a vivified stub takes that CAS.

import CacheEngine

extension ProtocolSession {
    /// `mg`: see the file comment.
    func metaGet(
        _ tokens: Tokenizer, output: OutputBuffer
    ) -> CommandOutcome {
        var key = UnsafeRawBufferPointer(start: nil, count: 0)
        guard
            let flags = metaPrologue(
                tokens, tooManyTokens: Reply.getFlagsTooLong, flagError: nil, key: &key, output: output)
        else { return .handled }
        if readOnly && (flags.hasNewTTL || flags.vivify || flags.hasRecache) { return denyMeta(output: output) }

        let now = engine.clock.now
        let newExpiry = flags.hasNewTTL ? protocolExpiry(flags.newTTL) : 0
        let vivifyExpiry = flags.vivify ? protocolExpiry(flags.vivifyTTL) : 0
        let recacheBelow = flags.hasRecache ? protocolExpiry(flags.recacheTTL) : 0
        let mark = output.readableBytes

        let hit = engine.metaAccess(
            key, vivifyExpiry: flags.vivify ? vivifyExpiry : nil,
            vivifyCAS: flags.hasExplicitCAS ? flags.explicitCAS : 0,
            kind: flags.hasNewTTL ? .touch : .get, context: context
        ) { (handle: inout MetaItemHandle) -> Bool in
            let created = handle.wasCreated
            referencedVersions.record(handle.version)
            if flags.returnValue {
                output.append("VA ")
                output.appendDecimal(handle.value.count)
            } else {
                output.append("HD")
            }
            var won = false
            var index = 2
            while index < tokens.count {
                let token = tokens[index]
                index &+= 1
                switch token[0] {
                case UInt8(ascii: "T"):
                    handle.expiry = newExpiry
                case UInt8(ascii: "N"):
                    if created {
                        handle.expiry = vivifyExpiry
                        won = true
                    }
                case UInt8(ascii: "R"):
                    let expiry = handle.expiry
                    if !handle.winTokenSent && !created && expiry != 0 && expiry < recacheBelow {
                        won = true
                    }
                case UInt8(ascii: "s"):
                    MetaWriter.appendNumber(UInt8(ascii: "s"), UInt64(handle.value.count), to: output)
                case UInt8(ascii: "t"):
                    MetaWriter.appendTTL(expiry: handle.expiry, now: now, to: output)
                case UInt8(ascii: "c"):
                    MetaWriter.appendNumber(UInt8(ascii: "c"), handle.cas, to: output)
                case UInt8(ascii: "f"):
                    MetaWriter.appendNumber(UInt8(ascii: "f"), UInt64(handle.clientFlags), to: output)
                case UInt8(ascii: "l"):
                    MetaWriter.appendNumber(UInt8(ascii: "l"), UInt64(now &- handle.lastAccess), to: output)
                case UInt8(ascii: "h"):
                    output.append(handle.wasFetchedBefore ? " h1" : " h0")
                case UInt8(ascii: "O"):
                    if token.count > MetaLimits.maxOpaqueLength { return false }
                    MetaWriter.appendOpaque(token, to: output)
                case UInt8(ascii: "k"):
                    // memcached echoes the item's own key, base64 when the item remembers a base64 key.
                    MetaWriter.appendKey(handle.key, binary: handle.keyIsBinary, to: output)
                default:
                    break
                }
            }
            let winAlreadySent = handle.winTokenSent
            if winAlreadySent {
                output.append(" Z")
            }
            if handle.isStale {
                output.append(" X")
                if !winAlreadySent { won = true }
            }
            if won {
                output.append(" W")
                handle.winTokenSent = true
            }
            output.append("\r\n")
            if flags.returnValue {
                output.append(handle.value)
                output.append("\r\n")
            }
            if !flags.noLRUBump {
                handle.markAccessed(bumpLRU: true)
            }
            return true
        }

        switch hit {
        case .some(true):
            return .handled
        case .some(false):
            output.truncate(toReadableCount: mark)
            output.append(Reply.opaqueTooLong)
            return .handled
        case .none:
            if MetaWriter.hasOverlongOpaque(tokens, from: 2) {
                output.append(Reply.opaqueTooLong)
                return .handled
            }
            if !flags.quiet {
                output.append("EN")
                MetaWriter.appendOpaqueAndKey(tokens, from: 2, key: key, binary: flags.keyIsBinary, to: output)
                output.append("\r\n")
            }
            return .handled
        }
    }
}
