// MemcacheProtocol: request parsing, response writing and command dispatch onto the engine.
import CacheEngine
