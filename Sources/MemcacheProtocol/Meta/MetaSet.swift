// MetaSet: the `ms <key> <datalen> <flags>*` command and its data block.
//
// memcached 1.6.18 checks the line in this order, and the order decides what the client sees:
//   fewer than two tokens -> ERROR; key over 250 bytes, no length, too many tokens ("options flags too
//   long") or a bad length -> a CLIENT_ERROR with the data block NOT swallowed (it is then read as a
//   command line); a flag error, a bad M mode, an O token over 32 bytes or an item too large for the cache
//   -> the error with the data block swallowed.
// Then the data block: it must end in "\r\n" ("CLIENT_ERROR bad data chunk" otherwise, even with q), and is
// stored with the mode from M (S set, E add, A append, P prepend, R replace). C turns set/replace into a
// CAS store (NF on a miss, EX on a mismatch, counted as cas_*), and I with C lets an older CAS store while
// the item stays stale (lease property P5). The reply is HD/NS/EX/NF followed by the O, k and c flags in
// request order (c0 when nothing was stored); q hides HD only. With `b` the stored item remembers that
// its key is binary, so later `k` / `me` show it base64-encoded (append/prepend results do not keep it).
// Later memcached releases add (implemented here as a superset): `E<cas>` (new CAS value), `N<ttl>` with
// MA/MP (append to a missing key creates it), and `s` (return the stored value's size).

import CacheEngine

extension ProtocolSession {
    /// `ms`: see the file comment.
    func metaSet(
        _ tokens: Tokenizer, rest: UnsafeRawBufferPointer, output: OutputBuffer
    ) -> CommandOutcome {
        guard tokens.count >= 2 else {
            output.append(Reply.error)
            return .handled
        }
        var key = tokens[1]
        guard key.count <= settings.maxKeyLength, tokens.count > 2 else {
            output.append(Reply.badCommandLineFormat)
            return .handled
        }
        guard tokens.count <= MetaLimits.maxTokens else {
            output.append(Reply.flagsTooLong)
            return .handled
        }
        guard let declaredLength = DecimalText.parseInt32(tokens[2]), declaredLength >= 0,
            declaredLength <= Int32.max - 2
        else {
            output.append(Reply.badCommandLineFormat)
            return .handled
        }
        let valueLength = Int(declaredLength)
        let blockLength = valueLength + 2

        let flags: MetaFlags
        switch MetaFlags.parse(tokens, from: 3, key: &key, keyScratch: metaKeyScratch) {
        case .failed(let message):
            output.append(message)
            return .swallow(blockLength)
        case .parsed(let parsed):
            flags = parsed
        }
        if readOnly {
            output.append(Reply.permissionDenied)
            return .swallow(blockLength)
        }
        let mode: StoreMode
        switch flags.mode {
        case 0, UInt8(ascii: "S"): mode = .set
        case UInt8(ascii: "E"): mode = .add
        case UInt8(ascii: "A"): mode = .append
        case UInt8(ascii: "P"): mode = .prepend
        case UInt8(ascii: "R"): mode = .replace
        default:
            output.append(Reply.invalidSetMode)
            return .swallow(blockLength)
        }
        if MetaWriter.hasOverlongOpaque(tokens, from: 3) {
            output.append(Reply.opaqueTooLong)
            return .swallow(blockLength)
        }
        if itemWouldBeTooLarge(keyLength: key.count, flags: flags.clientFlags, valueLength: valueLength) {
            output.append(Reply.objectTooLarge)
            // Unlike classic add/replace/append/prepend/cas, memcached's ms drops the old item in every mode
            // (an unlink, not a delete: only store_too_large is counted).
            engine.rejectTooLargeStore(key: key, context: context)
            return .swallow(blockLength)
        }

        guard rest.count >= blockLength else { return .needMoreData }
        telemetry.hotKeys?.observe(key)  // once the whole request is here (this runs again per partial feed)
        guard rest[valueLength] == 0x0D, rest[valueLength + 1] == 0x0A else {
            output.append(Reply.badDataChunk)
            return .done(consumedFromRest: blockLength)
        }

        // memcached turns set and replace with C into its CAS command; append/prepend compare a non-zero C
        // themselves; add ignores C.
        let isCAS = flags.hasCompareCAS && (mode == .set || mode == .replace)
        var request = StoreRequest(
            mode: isCAS ? .set : mode,
            key: key,
            value: UnsafeRawBufferPointer(rebasing: rest[0..<valueLength]),
            clientFlags: flags.clientFlags,
            expiry: flags.hasNewTTL ? protocolExpiry(flags.newTTL) : 0)
        if isCAS {
            request.compareCAS = flags.compareCAS
            request.isClassicCAS = true
            request.invalidateIfStale = flags.invalidate
        } else if mode == .append || mode == .prepend {
            request.compareCAS = flags.compareCAS
            if flags.vivify { request.vivifyExpiry = protocolExpiry(flags.vivifyTTL) }
        }
        if flags.hasExplicitCAS { request.explicitNewCAS = flags.explicitCAS }
        request.keyIsBinary = flags.keyIsBinary

        let outcome = engine.store(request, context: context)
        let stored: Bool
        switch outcome.result {
        case .stored:
            if flags.quiet { return .done(consumedFromRest: blockLength) }
            output.append("HD")
            stored = true
        case .notStored:
            output.append("NS")
            stored = false
        case .exists:
            output.append("EX")
            stored = false
        case .notFound:
            output.append("NF")
            stored = false
        case .tooLarge:
            output.append(Reply.objectTooLarge)
            return .done(consumedFromRest: blockLength)
        case .outOfMemory:
            output.append(Reply.outOfMemoryStoring)
            return .done(consumedFromRest: blockLength)
        }
        var index = 3
        while index < tokens.count {
            let token = tokens[index]
            index &+= 1
            switch token[0] {
            case UInt8(ascii: "O"):
                MetaWriter.appendOpaque(token, to: output)
            case UInt8(ascii: "k"):
                MetaWriter.appendKey(key, binary: flags.keyIsBinary, to: output)
            case UInt8(ascii: "c"):
                MetaWriter.appendNumber(UInt8(ascii: "c"), stored ? outcome.cas : 0, to: output)
            case UInt8(ascii: "s"):
                MetaWriter.appendNumber(
                    UInt8(ascii: "s"), UInt64(stored ? outcome.valueLength : valueLength),
                    to: output)
            default:
                break
            }
        }
        output.append("\r\n")
        return .done(consumedFromRest: blockLength)
    }
}
