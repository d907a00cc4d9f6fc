// Stats: the `stats` command and its sub-commands (placeholder until the engine's stats API lands).

import CacheEngine

extension ProtocolSession {
    /// stats [settings|items|slabs|sizes|conns|reset|detail ...]
    func stats(_ tokens: Tokenizer, output: OutputBuffer) -> CommandOutcome {
        output.append("END\r\n")
        return .handled
    }

    /// Store rejected before its data arrived: count it, and for set drop the old value like memcached.
    func rejectTooLargeStore(mode: StoreMode, isCAS: Bool, key: UnsafeRawBufferPointer) {
    }
}
