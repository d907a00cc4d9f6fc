import Testing
@testable import CacheServer
