// Storage: set, add, replace, append, prepend and cas.
//
//   <command> <key> <flags> <exptime> <bytes> [noreply]\r\n<data>\r\n
//   cas <key> <flags> <exptime> <bytes> <cas unique> [noreply]\r\n<data>\r\n
//
// The request is handled only once the line, the data block and its "\r\n" have all arrived; until then
// nothing is consumed. memcached 1.6.18's error paths are reproduced:
//   - key > 250 bytes or a bad number: CLIENT_ERROR bad command line format, and the data block is NOT
//     skipped (it is parsed as the next command);
//   - a data block not followed by "\r\n": its <bytes>+2 bytes are consumed, then
//     CLIENT_ERROR bad data chunk, and parsing resumes right after them;
//   - an item too large for -I: SERVER_ERROR object too large for cache, decided from the header alone, and
//     the data block is swallowed as it arrives (a `set` also removes the old value, as memcached does);
//   - out of memory: SERVER_ERROR out of memory storing object;
//   - noreply suppresses the reply and, as in 1.6.18, the error too.

import CacheEngine

extension ProtocolSession {
    /// set/add/replace/append/prepend: 5 tokens, or 6 with `noreply` (or anything) last.
    func store(_ mode: StoreMode, _ tokens: Tokenizer, rest: UnsafeRawBufferPointer, output: OutputBuffer)
        -> CommandOutcome
    {
        guard tokens.count == 5 || tokens.count == 6 else {
            output.append(Reply.error)
            return .handled
        }
        return storeParsed(mode, tokens, casTokenIndex: nil, rest: rest, output: output)
    }

    /// cas: 6 tokens, or 7 with `noreply` last.
    func storeCAS(_ tokens: Tokenizer, rest: UnsafeRawBufferPointer, output: OutputBuffer) -> CommandOutcome {
        guard tokens.count == 6 || tokens.count == 7 else {
            output.append(Reply.error)
            return .handled
        }
        return storeParsed(.set, tokens, casTokenIndex: 5, rest: rest, output: output)
    }

    private func storeParsed(
        _ mode: StoreMode, _ tokens: Tokenizer, casTokenIndex: Int?, rest: UnsafeRawBufferPointer,
        output: OutputBuffer
    ) -> CommandOutcome {
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        let key = tokens[1]
        guard key.count <= settings.maxKeyLength else {
            reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
            return .handled
        }
        guard let flags = DecimalText.parseUInt32(tokens[2]),
            let exptime = DecimalText.parseInt32(tokens[3]),
            let declaredLength = DecimalText.parseInt32(tokens[4])
        else {
            reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
            return .handled
        }
        var compareCAS: UInt64 = 0
        if let casTokenIndex {
            guard let value = DecimalText.parseUInt64(tokens[casTokenIndex]) else {
                reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
                return .handled
            }
            compareCAS = value
        }
        guard declaredLength >= 0 && declaredLength <= Int32.max &- 2 else {
            reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
            return .handled
        }
        let valueLength = Int(declaredLength)
        let blockLength = valueLength &+ 2
        if readOnly {
            // A read-only user: refused once the line is known good, the data block skipped.
            reply(Reply.permissionDenied, noreply: noreply, to: output)
            noteDataBlock(length: blockLength, output: output)
            return .swallow(blockLength)
        }

        if itemWouldBeTooLarge(keyLength: key.count, flags: flags, valueLength: valueLength) {
            // `stats detail` counts the set before allocation, so a store refused as too large counts too.
            if engine.prefixStatistics.isEnabled { engine.prefixStatistics.recordSet(key) }
            reply(Reply.objectTooLarge, noreply: noreply, to: output)
            rejectTooLargeStore(mode: mode, isCAS: casTokenIndex != nil, key: key)
            noteDataBlock(length: blockLength, output: output)
            return .swallow(blockLength)
        }
        guard rest.count >= blockLength else { return .needMoreData }
        // Counted once the whole request is here (this function runs again for each partial feed), before
        // the data block is checked and the item allocated, as memcached's process_update_command does.
        if engine.prefixStatistics.isEnabled { engine.prefixStatistics.recordSet(key) }
        telemetry.hotKeys?.observe(key)
        guard rest[valueLength] == 0x0D && rest[valueLength &+ 1] == 0x0A else {
            reply(Reply.badDataChunk, noreply: noreply, to: output)
            noteDataBlock(length: blockLength, output: output)
            return .done(consumedFromRest: blockLength)
        }

        var request = StoreRequest(
            mode: mode, key: key, value: UnsafeRawBufferPointer(rebasing: rest[0..<valueLength]),
            clientFlags: flags, expiry: protocolExpiry(exptime))
        if casTokenIndex != nil {
            request.compareCAS = compareCAS
            request.isClassicCAS = true
        }
        let outcome = engine.store(request, context: context)
        switch outcome.result {
        case .stored: reply(Reply.stored, noreply: noreply, to: output)
        case .notStored: reply(Reply.notStored, noreply: noreply, to: output)
        case .exists: reply(Reply.exists, noreply: noreply, to: output)
        case .notFound: reply(Reply.notFound, noreply: noreply, to: output)
        case .tooLarge: reply(Reply.objectTooLarge, noreply: noreply, to: output)
        case .outOfMemory: reply(Reply.outOfMemoryStoring, noreply: noreply, to: output)
        }
        noteDataBlock(length: blockLength, output: output)
        return .done(consumedFromRest: blockLength)
    }

    /// memcached's item_size_ok(): the item header (48 bytes), the CAS (8 when enabled), the key and its NUL,
    /// the client flags (4 when non-zero) and the data with "\r\n" must fit in -I. Asks the engine, the
    /// single authority for -I and -C, so the header check and the store cannot disagree.
    @inline(__always)
    func itemWouldBeTooLarge(keyLength: Int, flags: UInt32, valueLength: Int) -> Bool {
        engine.isTooLarge(keyLength: keyLength, clientFlags: flags, valueLength: valueLength)
    }

    /// memcached reads a data block that does not fit its 16 KiB read buffer straight from the socket, so
    /// its read buffer is empty once the command is done, and it then writes its response queue out. Mark
    /// the output as sent at that point (only matters for the rare paths that drop unsent responses).
    @inline(__always)
    func noteDataBlock(length: Int, output: OutputBuffer) {
        if length >= ProtocolSession.memcachedReadBufferSize { markSent(output) }
    }

    /// A store rejected from its header alone (too large), recorded as memcached does: store_too_large
    /// counts for every storage command, and a plain `set` also unlinks the old value (not a delete: the
    /// delete counters do not move). add/replace/append/prepend/cas leave the item alone.
    func rejectTooLargeStore(mode: StoreMode, isCAS: Bool, key: UnsafeRawBufferPointer) {
        if mode == .set && !isCAS {
            engine.rejectTooLargeStore(key: key, context: context)
        } else {
            engine.countTooLargeStore(context: context)
        }
    }
}
