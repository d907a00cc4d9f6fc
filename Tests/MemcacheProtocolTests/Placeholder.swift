import Testing
@testable import MemcacheProtocol
