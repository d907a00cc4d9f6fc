// Retrieval: get, gets, gat, gats (and the legacy alias bget).
//
//   get <key>*            gets <key>*            gat <exptime> <key>*            gats <exptime> <key>*
//
// Each hit is answered with "VALUE <key> <flags> <bytes>[ <cas>]\r\n<data>\r\n", misses are silent, and
// "END\r\n" closes the reply. Any number of keys: past memcached's 23-token window the remainder of the line
// is tokenized again, exactly as memcached does. A key longer than 250 bytes aborts the command: its reply is
// "CLIENT_ERROR bad command line format" alone (the VALUEs of earlier keys are withdrawn, no END).
// Deliberate difference: memcached 1.6.18 also drops the unsent replies of requests pipelined before the get,
// which desynchronises pipelining clients; swiftcached keeps them (README, compatibility table).
// A reply that would grow the output buffer past its limit (the connection's share of -o read_buf_mem_limit)
// is withdrawn whole and replaced by "SERVER_ERROR out of memory writing get response", as memcached's.

import CacheEngine

extension ProtocolSession {
    /// get/gets/gat/gats. `tokens[0]` is the command.
    func retrieve(_ tokens: Tokenizer, returnCAS: Bool, touch: Bool, output: OutputBuffer) -> CommandOutcome {
        // memcached: a command and at least one more token.
        guard tokens.count >= 2 else {
            output.append(Reply.error)
            return .handled
        }
        let commandStart = output.readableBytes
        var newExpiry: UInt32? = nil
        var keyIndex = 1
        if touch {
            guard let exptime = DecimalText.parseInt32(tokens[1]) else {
                output.append(Reply.invalidExptime)
                return .handled
            }
            newExpiry = protocolExpiry(exptime)
            keyIndex = 2
        }
        var stop = writeValues(of: tokens, from: keyIndex, newExpiry: newExpiry, returnCAS: returnCAS, output: output)
        var remainder = tokens.remainderOffset
        while stop == .none, let next = remainder {
            let window = Tokenizer(tokens.line, from: next)
            stop = writeValues(of: window, from: 0, newExpiry: newExpiry, returnCAS: returnCAS, output: output)
            remainder = window.remainderOffset
        }
        switch stop {
        case .none: break
        case .longKey: return rejectLongKey(output: output, commandStart: commandStart)
        case .outOfMemory: return refuseForMemory(output: output, commandStart: commandStart)
        }
        output.append(Reply.end)
        // memcached writes its queued responses out right after a get.
        markSent(output)
        return .handled
    }

    /// Why `writeValues` stopped before the end of its window.
    private enum RetrievalStop {
        case none
        /// A key longer than the limit.
        case longKey
        /// A VALUE block that the output buffer's limit has no room for.
        case outOfMemory
    }

    /// Looks up `window`'s tokens from `first` on and appends a VALUE block for each hit, stopping at a key
    /// longer than the limit or a block the output has no room for.
    private func writeValues(
        of window: borrowing Tokenizer, from first: Int, newExpiry: UInt32?, returnCAS: Bool, output: OutputBuffer
    ) -> RetrievalStop {
        var keyIndex = first
        var refused = false
        while keyIndex < window.count {
            let key = window[keyIndex]
            if key.count > settings.maxKeyLength { return .longKey }
            telemetry.hotKeys?.observe(key)
            let hit = engine.visit(key, touch: newExpiry, context: context) { (item: borrowing ItemView) -> Void in
                guard output.canAppend(OutputBuffer.valueReplyWorstCase(key: item.key, value: item.value)) else {
                    refused = true
                    return
                }
                output.appendValueReply(
                    key: item.key, flags: item.clientFlags, value: item.value, cas: returnCAS ? item.cas : nil)
            }
            if refused { return .outOfMemory }
            // `stats detail`: each key counts a get (and a hit); off, this is one relaxed atomic load.
            if engine.prefixStatistics.isEnabled { engine.prefixStatistics.recordGet(key, hit: hit) }
            keyIndex &+= 1
        }
        return .none
    }

    /// No memory for the reply: withdraw this command's VALUEs and send only memcached's SERVER_ERROR.
    private func refuseForMemory(output: OutputBuffer, commandStart: Int) -> CommandOutcome {
        output.truncate(toReadableCount: commandStart)
        output.append(Reply.outOfMemoryWritingGet)
        output.refusedResponses &+= 1
        markSent(output)
        return .handled
    }

    /// A key over 250 bytes: withdraw this command's VALUEs, then the error, and no END.
    private func rejectLongKey(output: OutputBuffer, commandStart: Int) -> CommandOutcome {
        output.truncate(toReadableCount: commandStart)
        output.append(Reply.badCommandLineFormat)
        return .handled
    }

    /// memcached's realtime(EXPTIME_TO_POSITIVE_TIME(exptime)): negative exptimes become an absolute time
    /// long past (REALTIME_MAXDELTA + 1), so the item is born expired.
    @inline(__always)
    func protocolExpiry(_ exptime: Int32) -> UInt32 {
        let positive: Int64 = exptime < 0 ? 2_592_001 : Int64(exptime)
        return engine.clock.relativeExpiry(fromProtocol: positive)
    }
}

extension OutputBuffer {
    /// The most bytes `appendValueReply` writes for this key and value.
    @inline(__always)
    static func valueReplyWorstCase(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Int {
        // "VALUE " + key + " " + 10 digits + " " + 20 digits + " " + 20 digits + "\r\n" + value + "\r\n"
        6 &+ key.count &+ 1 &+ 10 &+ 1 &+ 20 &+ 21 &+ 2 &+ value.count &+ 2
    }

    /// Appends "VALUE <key> <flags> <bytes>[ <cas>]\r\n<value>\r\n" with a single capacity check.
    @inline(__always)
    func appendValueReply(key: UnsafeRawBufferPointer, flags: UInt32, value: UnsafeRawBufferPointer, cas: UInt64?) {
        ensureWritable(Self.valueReplyWorstCase(key: key, value: value))
        var cursor = storage + writerIndex
        cursor.copyMemory(from: StaticString("VALUE ").utf8Start, byteCount: 6)
        cursor += 6
        if let keyBase = key.baseAddress {
            cursor.copyMemory(from: keyBase, byteCount: key.count)
            cursor += key.count
        }
        cursor.storeBytes(of: 0x20, as: UInt8.self)
        cursor += 1
        let flagDigits = DecimalText.digitCount(UInt64(flags))
        DecimalText.write(UInt64(flags), digits: flagDigits, to: cursor)
        cursor += flagDigits
        cursor.storeBytes(of: 0x20, as: UInt8.self)
        cursor += 1
        let lengthDigits = DecimalText.digitCount(UInt64(value.count))
        DecimalText.write(UInt64(value.count), digits: lengthDigits, to: cursor)
        cursor += lengthDigits
        if let cas {
            cursor.storeBytes(of: 0x20, as: UInt8.self)
            cursor += 1
            let casDigits = DecimalText.digitCount(cas)
            DecimalText.write(cas, digits: casDigits, to: cursor)
            cursor += casDigits
        }
        cursor.storeBytes(of: 0x0D, as: UInt8.self)
        cursor.storeBytes(of: 0x0A, toByteOffset: 1, as: UInt8.self)
        cursor += 2
        if let valueBase = value.baseAddress {
            cursor.copyMemory(from: valueBase, byteCount: value.count)
            cursor += value.count
        }
        cursor.storeBytes(of: 0x0D, as: UInt8.self)
        cursor.storeBytes(of: 0x0A, toByteOffset: 1, as: UInt8.self)
        cursor += 2
        writerIndex = cursor - storage
    }
}
