// Numbers: the protocol's name for memcached's number rules, which the engine's `DecimalText` implements.

import CacheEngine

/// The engine's `DecimalText` (memcached's safe_strto* parsers and decimal formatting) under the name the
/// stats and memory-policy commands and their tests use. One implementation; new code uses `DecimalText`.
public typealias ProtocolNumbers = DecimalText
