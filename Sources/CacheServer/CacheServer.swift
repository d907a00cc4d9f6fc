// CacheServer: listener, worker threads, connections and server stats.
import CLibevent
import CacheEngine
import MemcacheProtocol
