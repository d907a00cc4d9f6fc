// Arithmetic: incr and decr.
//
//   incr <key> <delta> [noreply]        decr <key> <delta> [noreply]
//
// Replies with the new value in decimal, NOT_FOUND, or the errors memcached 1.6.18 uses:
// "CLIENT_ERROR invalid numeric delta argument" (delta not a u64), "CLIENT_ERROR cannot increment or
// decrement non-numeric value", "SERVER_ERROR out of memory". The value rules (u64 wrap on incr, clamp at 0
// on decr, in-place space padding) live in the engine. A trailing token other than `noreply` is ignored.

import CacheEngine

extension ProtocolSession {
    /// incr/decr: 3 tokens, or 4 with `noreply` (or anything) last.
    func arithmetic(_ tokens: Tokenizer, increment: Bool, output: OutputBuffer) -> CommandOutcome {
        if readOnly { return denyClassic(tokens, output: output) }
        guard let (key, noreply) = keyAndNoreply(tokens, output: output) else { return .handled }
        guard let delta = DecimalText.parseUInt64(tokens[2]) else {
            reply(Reply.invalidDeltaArgument, noreply: noreply, to: output)
            return .handled
        }
        let outcome = engine.arithmetic(
            ArithmeticRequest(key: key, increment: increment, delta: delta), context: context)
        if noreply { return .handled }
        switch outcome {
        case .value(let value, _, _):
            output.appendDecimal(value)
            output.append("\r\n")
        case .notFound:
            output.append(Reply.notFound)
        case .nonNumeric:
            output.append(Reply.nonNumericValue)
        case .outOfMemory:
            output.append(Reply.outOfMemory)
        case .exists:
            // Unreachable without a compare-CAS; answer something so the client stays in sync.
            output.append(Reply.exists)
        }
        return .handled
    }
}
