// swiftcached: the executable.
import CacheServer
