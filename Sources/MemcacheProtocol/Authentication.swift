// Authentication: what a session does before it is authenticated (memcached 1.6.18's
// try_read_command_asciiauth), read-only users' refusals and the `refresh_auth` command.
//
// With credentials configured (`-Y`) a session starts unauthenticated, and `process` hands its input to
// `processUnauthenticated` until a request authenticates; from then on requests take the normal path, so an
// authenticated connection pays nothing per command. Before authentication, as in memcached:
//   - fewer than 2 buffered bytes are not looked at; more than 2048 bytes without a newline close the
//     connection without a reply (for `get` too), dropping the replies of the same read;
//   - only `set` authenticates: a line with at least 5 space-separated tokens (the raw line up to a NUL,
//     '\r' included), the first exactly `set`, the 5th a number as memcached's safe_strtoul reads it
//     (optional '+', followed by nothing or a whitespace byte, cut to 32 bits). Key, flags, exptime and
//     `noreply` are ignored. Any other line, meta commands, `quit` and empty lines included, is answered
//     `CLIENT_ERROR unauthenticated` and the connection stays open;
//   - the data block (<bytes> + 2) is waited for in full; one larger than memcached's 16 KiB read buffer
//     closes the connection once 16 KiB of it are buffered (memcached's buffer is full then);
//   - a block not ending in "\r\n": `CLIENT_ERROR bad command line termination` (the block is consumed);
//   - the block's data, up to a NUL, split on spaces: fewer than two tokens is
//     `CLIENT_ERROR bad authentication token format`; otherwise the first two are user and password (more
//     are ignored): `STORED` (even with noreply; nothing is stored) or `CLIENT_ERROR authentication
//     failure`, after which another attempt may follow. Both count in `auth_cmds`, failures also in
//     `auth_errors`.
// Deliberate difference: memcached writes every pre-authentication reply into one shared response object,
// so of several requests answered from one read only the last reply is sent ("get a\r\nversion\r\n" gets
// one CLIENT_ERROR). swiftcached sends one reply per request (README, compatibility table).
//
// Read-only users (`-o auth_readonly_file`): a mutation is answered `CLIENT_ERROR permission denied`
// instead of being executed (classic commands honour `noreply`; meta commands always answer). Storage
// commands (set, add, replace, append, prepend, cas, ms) are refused once their line has been checked as
// usual, and their data block is then skipped, so the connection stays in step; `mg` is refused when its
// flags would change the item (T new TTL, N vivify, R recache win); every other mutating command is
// refused on its name (and sub-command): delete, incr, decr, touch, gat, gats, md, ma, flush_all,
// verbosity, shutdown, cache_memlimit, slabs, lru, lru_crawler (except metadump), stats reset|detail
// on/off|sizes_enable|sizes_disable, refresh_auth.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Reply {
    static let unauthenticated: StaticString = "CLIENT_ERROR unauthenticated\r\n"
    static let badAuthenticationTokenFormat: StaticString = "CLIENT_ERROR bad authentication token format\r\n"
    static let authenticationFailure: StaticString = "CLIENT_ERROR authentication failure\r\n"
    static let badCommandLineTermination: StaticString = "CLIENT_ERROR bad command line termination\r\n"
    static let permissionDenied: StaticString = "CLIENT_ERROR permission denied\r\n"
}

/// Limits of memcached's unauthenticated reader.
enum AuthenticationLimits {
    /// memcached's read buffer: an authentication data block (with its "\r\n") larger than this can never
    /// be read, and the connection is closed once this much of it is buffered.
    static let maxBlock = 16 * 1024
    /// No newline within this many buffered bytes closes the connection.
    static let maxLine = 2048
}

/// Where `processUnauthenticated` stopped.
enum UnauthenticatedStep {
    /// The session is now authenticated; normal processing continues at this input offset, with this
    /// many requests already handled in this call.
    case authenticated(offset: Int, handled: Int)
    /// Return this step to the caller (still unauthenticated).
    case stop(SessionStep)
}

extension ProtocolSession {
    /// Handles requests while the session is unauthenticated (see the file comment).
    func processUnauthenticated(
        _ base: UnsafeRawPointer, total: Int, from start: Int, output: OutputBuffer, requestCap: Int
    ) -> UnauthenticatedStep {
        guard let credentials = settings.credentials else { return .authenticated(offset: start, handled: 0) }
        var offset = start
        var handled = 0
        while offset < total {
            let available = total &- offset
            let lineStart = base + offset
            if available < 2 { break }
            let newline = memchr(lineStart, 0x0A, available)
            if handled >= requestCap {
                if newline != nil { return .stop(SessionStep(consumed: offset, action: .yield)) }
                break
            }
            guard let newline else {
                if available > AuthenticationLimits.maxLine {
                    output.truncate(toReadableCount: sentMark)
                    return .stop(SessionStep(consumed: offset, action: .close))
                }
                break
            }
            let terminatorOffset = UnsafeRawPointer(newline) - lineStart
            // memcached tokenizes the line as a C string: up to a NUL, the '\r' before the '\n' included.
            var lineLength = terminatorOffset
            if lineLength > 0, let nul = memchr(lineStart, 0, lineLength) {
                lineLength = UnsafeRawPointer(nul) - lineStart
            }
            let tokens = Tokenizer(UnsafeRawBufferPointer(start: lineStart, count: lineLength))
            let restOffset = offset &+ terminatorOffset &+ 1
            handled &+= 1
            guard tokens.count >= 5, tokens.token(0, is: "set"), let size = Self.memcachedStrtoul32(tokens[4]) else {
                output.append(Reply.unauthenticated)
                offset = restOffset
                continue
            }
            // memcached's rlbytes = size + 2, computed in 32 bits.
            let blockLength = Int(size &+ 2)
            let buffered = total &- restOffset
            if blockLength < 2 || blockLength > AuthenticationLimits.maxBlock {
                if buffered >= AuthenticationLimits.maxBlock {
                    return .stop(SessionStep(consumed: restOffset, action: .close))
                }
                break
            }
            if buffered < blockLength { break }
            offset = restOffset &+ blockLength
            let block = UnsafeRawBufferPointer(start: base + restOffset, count: blockLength)
            guard block[blockLength &- 2] == 0x0D && block[blockLength &- 1] == 0x0A else {
                output.append(Reply.badCommandLineTermination)
                continue
            }
            var dataLength = blockLength &- 2
            if dataLength > 0, let nul = memchr(block.baseAddress!, 0, dataLength) {
                dataLength = UnsafeRawPointer(nul) - block.baseAddress!
            }
            let token = Tokenizer(UnsafeRawBufferPointer(start: block.baseAddress, count: dataLength))
            guard token.count >= 2 else {
                output.append(Reply.badAuthenticationTokenFormat)
                continue
            }
            guard let access = credentials.authenticate(user: token[0], password: token[1]) else {
                output.append(Reply.authenticationFailure)
                continue
            }
            output.append(Reply.stored)
            authenticated = true
            readOnly = access == .readOnly
            return .authenticated(offset: offset, handled: handled)
        }
        return .stop(SessionStep(consumed: offset, action: .needMoreData))
    }

    /// memcached's safe_strtoul stored into a uint32_t: leading whitespace, an optional sign, decimal digits
    /// (at least one), then the end of the token or a whitespace byte; a value over 64 bits or a negative
    /// one is refused; the result is cut to 32 bits.
    static func memcachedStrtoul32(_ token: UnsafeRawBufferPointer) -> UInt32? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var index = 0
        let count = token.count
        while index < count && isSpace(token[index]) { index &+= 1 }
        var negative = false
        if index < count && (token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-")) {
            negative = token[index] == UInt8(ascii: "-")
            index &+= 1
        }
        var value: UInt64 = 0
        var digits = 0
        while index < count, token[index] >= UInt8(ascii: "0"), token[index] <= UInt8(ascii: "9") {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(token[index] &- UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }  // strtoul: ERANGE
            value = sum
            digits &+= 1
            index &+= 1
        }
        guard digits > 0 else { return nil }
        guard index == count || isSpace(token[index]) else { return nil }
        if negative { value = 0 &- value }
        // A value that is negative as a signed long is refused when a '-' was given.
        if Int64(bitPattern: value) < 0 && negative { return nil }
        return UInt32(truncatingIfNeeded: value)
    }

    /// A read-only user's mutation: `CLIENT_ERROR permission denied` unless `noreply` (classic commands).
    func denyClassic(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        reply(Reply.permissionDenied, noreply: tokens.token(tokens.count &- 1, is: "noreply"), to: output)
        return .handled
    }

    /// A read-only user's meta mutation: always answered (q hides only success replies).
    func denyMeta(output: OutputBuffer) -> CommandOutcome {
        output.append(Reply.permissionDenied)
        return .handled
    }

    /// `refresh_auth`: re-reads the authfile(s). `OK`, or `SERVER_ERROR <why>` with the old users kept.
    /// Without `-Y` it is an unknown command (`ERROR`), as on memcached.
    func refreshAuthentication(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        guard settings.credentials != nil else {
            output.append(Reply.error)
            return .handled
        }
        if readOnly { return denyClassic(tokens, output: output) }
        let noreply = tokens.token(tokens.count &- 1, is: "noreply")
        if let problem = hooks.reloadCredentials() {
            if !noreply {
                output.append("SERVER_ERROR ")
                output.append(string: problem)
                output.append("\r\n")
            }
        } else {
            reply(Reply.ok, noreply: noreply, to: output)
        }
        return .handled
    }
}
