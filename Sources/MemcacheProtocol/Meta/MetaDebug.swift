// MetaDebug: the `me <key> [b]` command, a human-readable dump of one item's metadata.
//
// memcached 1.6.18 answers `ME <key> exp=<e> la=<l> cas=<c> fetch=<yes|no> cls=<class> size=<bytes>` or
// `EN`. `exp` is printed as memcached computes it, current time minus expiry time as a signed 32-bit
// number: negative for a live item with a TTL, -1 for an item that never expires. `la` is seconds since the
// last access. The lookup neither bumps the item nor marks it fetched, and counts only cmd_meta. Only a
// second token of exactly "b" means the request's key is base64; a key that does not decode is "bad
// command line format". The key is printed base64-encoded (without " b") when the item was stored with a
// base64 key, whatever the request said. `me` without a key is also "bad command line format" (not
// ERROR, unlike the other meta commands).

import CacheEngine

extension ProtocolSession {
    /// `me`: see the file comment.
    func metaDebug(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        guard tokens.count >= 2, tokens.length(of: 1) <= settings.maxKeyLength else {
            output.append(Reply.badCommandLineFormat)
            return .handled
        }
        var key = tokens[1]
        let binary = tokens.count >= 3 && tokens[2].matches("b")
        if binary {
            let decoded = MetaBase64.decode(key, into: metaKeyScratch)
            guard decoded > 0 else {
                output.append(Reply.badCommandLineFormat)
                return .handled
            }
            key = UnsafeRawBufferPointer(start: metaKeyScratch, count: decoded)
        }
        let now = engine.clock.now
        let found = engine.metaAccess(key, vivifyExpiry: nil, kind: .debug, context: context) {
            (handle: inout MetaItemHandle) -> Bool in
            output.append("ME ")
            if handle.keyIsBinary {
                MetaBase64.encode(handle.key, to: output)
            } else {
                output.append(handle.key)
            }
            output.append(" exp=")
            let expiry = handle.expiry
            output.appendDecimal(expiry == 0 ? Int64(-1) : Int64(Int32(bitPattern: now &- expiry)))
            output.append(" la=")
            output.appendDecimal(UInt64(now &- handle.lastAccess))
            output.append(" cas=")
            output.appendDecimal(handle.cas)
            output.append(handle.wasFetchedBefore ? " fetch=yes cls=" : " fetch=no cls=")
            output.appendDecimal(handle.slabClassID)
            output.append(" size=")
            output.appendDecimal(handle.totalSize)
            output.append("\r\n")
            return true
        }
        if found == nil {
            output.append(Reply.metaMiss)
        }
        return .handled
    }
}
