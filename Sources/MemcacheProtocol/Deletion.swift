// Deletion and touch: delete and touch.
//
//   delete <key> [0] [noreply]          touch <key> <exptime> [noreply]
//
// delete accepts memcached's legacy hold time only as "0"; any other extra token gives
// "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]" (two spaces, as memcached).
// touch sets a new expiry without changing the CAS; a bad exptime gives
// "CLIENT_ERROR invalid exptime argument".

import CacheEngine

extension ProtocolSession {
    /// delete: 2 to 4 tokens.
    func delete(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard tokens.count >= 2 && tokens.count <= 4 else {
            output.append(Reply.error)
            return .handled
        }
        var noreply = false
        if tokens.count > 2 {
            let holdIsZero = tokens.token(2, is: "0")
            noreply = tokens.token(tokens.count &- 1, is: "noreply")
            let valid = (tokens.count == 3 && (holdIsZero || noreply)) || (tokens.count == 4 && holdIsZero && noreply)
            guard valid else {
                reply(
                    Reply.deleteUsage, noreply: noreply,
                    to: output)
                return .handled
            }
        }
        let key = tokens[1]
        guard key.count <= settings.maxKeyLength else {
            reply(Reply.badCommandLineFormat, noreply: noreply, to: output)
            return .handled
        }
        // `stats detail` counts every delete, hit or miss (memcached records it before the lookup).
        if engine.prefixStatistics.isEnabled { engine.prefixStatistics.recordDelete(key) }
        telemetry.hotKeys?.observe(key)
        switch engine.delete(DeleteRequest(key: key), context: context) {
        case .deleted: reply(Reply.deleted, noreply: noreply, to: output)
        case .notFound: reply(Reply.notFound, noreply: noreply, to: output)
        case .exists: reply(Reply.exists, noreply: noreply, to: output)  // needs a compare-CAS: unreachable here
        }
        return .handled
    }

    /// touch: 3 tokens, or 4 with `noreply` (or anything) last.
    func touch(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard let (key, noreply) = keyAndNoreply(tokens, output: output) else { return .handled }
        guard let exptime = DecimalText.parseInt32(tokens[2]) else {
            reply(Reply.invalidExptime, noreply: noreply, to: output)
            return .handled
        }
        if engine.touch(key, expiry: protocolExpiry(exptime), context: context) {
            reply(Reply.touched, noreply: noreply, to: output)
        } else {
            reply(Reply.notFound, noreply: noreply, to: output)
        }
        return .handled
    }
}
