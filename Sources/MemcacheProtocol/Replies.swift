// Replies: the fixed reply lines of the classic and meta commands, byte for byte as memcached 1.6.18 sends
// them, in one place (the stats and memory-policy commands, StatsCommands.swift and MemoryPolicyCommands.swift,
// still write theirs inline).
//
// Lines built from parts (VALUE, VA, HD with flags, STAT) are composed where they are written; the status words
// and error lines here are whole lines, `\r\n` included, ready for `OutputBuffer.append(_:)`.

/// Whole reply lines of the classic and meta commands (memcached 1.6.18's exact bytes).
enum Reply {
    // MARK: shared by classic and meta commands

    static let error: StaticString = "ERROR\r\n"
    /// `stats hotkeys` and `watch hotkeys` without `-o hotkeys`.
    static let hotKeysOff: StaticString = "CLIENT_ERROR hot keys are off; start with -o hotkeys\r\n"
    static let badCommandLineFormat: StaticString = "CLIENT_ERROR bad command line format\r\n"
    static let badDataChunk: StaticString = "CLIENT_ERROR bad data chunk\r\n"
    static let nonNumericValue: StaticString = "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
    static let objectTooLarge: StaticString = "SERVER_ERROR object too large for cache\r\n"
    static let outOfMemoryStoring: StaticString = "SERVER_ERROR out of memory storing object\r\n"
    static let outOfMemory: StaticString = "SERVER_ERROR out of memory\r\n"
    static let outOfMemoryWritingGet: StaticString = "SERVER_ERROR out of memory writing get response\r\n"

    // MARK: classic commands

    static let ok: StaticString = "OK\r\n"
    static let end: StaticString = "END\r\n"
    static let stored: StaticString = "STORED\r\n"
    static let notStored: StaticString = "NOT_STORED\r\n"
    static let exists: StaticString = "EXISTS\r\n"
    static let notFound: StaticString = "NOT_FOUND\r\n"
    static let deleted: StaticString = "DELETED\r\n"
    static let touched: StaticString = "TOUCHED\r\n"
    static let invalidExptime: StaticString = "CLIENT_ERROR invalid exptime argument\r\n"
    static let invalidDeltaArgument: StaticString = "CLIENT_ERROR invalid numeric delta argument\r\n"
    static let deleteUsage: StaticString = "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"
    static let flushAllNotAllowed: StaticString = "CLIENT_ERROR flush_all not allowed\r\n"
    static let shutdownNotEnabled: StaticString = "ERROR: shutdown not enabled\r\n"
    static let invalidShutdownMode: StaticString = "CLIENT_ERROR invalid shutdown mode\r\n"
    static let memoryLimitTooSmall: StaticString = "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m\r\n"
    static let memoryLimitNotMegabytes: StaticString = "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes\r\n"
    static let memoryLimitAdjustFailed: StaticString = "MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust\r\n"

    // MARK: meta commands

    static let metaNoOp: StaticString = "MN\r\n"
    static let metaMiss: StaticString = "EN\r\n"
    static let badToken: StaticString = "CLIENT_ERROR bad token in command line format\r\n"
    static let duplicateFlag: StaticString = "CLIENT_ERROR duplicate flag\r\n"
    static let invalidFlag: StaticString = "CLIENT_ERROR invalid flag\r\n"
    static let invalidOrDuplicateFlag: StaticString = "CLIENT_ERROR invalid or duplicate flag\r\n"
    static let getFlagsTooLong: StaticString = "CLIENT_ERROR options flags are too long\r\n"
    static let flagsTooLong: StaticString = "CLIENT_ERROR options flags too long\r\n"
    static let opaqueTooLong: StaticString = "CLIENT_ERROR opaque token too long\r\n"
    static let errorDecodingKey: StaticString = "CLIENT_ERROR error decoding key\r\n"
    static let incorrectModeLength: StaticString = "CLIENT_ERROR incorrect length for M token\r\n"
    static let invalidSetMode: StaticString = "CLIENT_ERROR invalid mode for ms M token\r\n"
    static let invalidArithmeticMode: StaticString = "CLIENT_ERROR invalid mode for ma M token\r\n"
    static let invalidInitialValue: StaticString = "CLIENT_ERROR invalid numeric initial value\r\n"
    static let invalidDeltaValue: StaticString = "CLIENT_ERROR invalid numeric delta value\r\n"
    static let outOfMemoryAllocating: StaticString = "SERVER_ERROR Out of memory allocating new item\r\n"
}
