import Testing
@testable import CacheEngine
