// ReferencedItems: the per-worker log of item versions that unsent responses still refer to (meta `ma`
// after `mg` in the same batch).

/// A small per-worker log of item versions (`MetaItemHandle.version`) that responses not yet sent still
/// refer to, each with a batch tag the protocol layer chooses (requests processed together and answered
/// with one write). memcached keeps a reference to an item until the response carrying it is sent, and
/// writes incr/decr results in place only when nobody else references the item; this log lets meta `ma`
/// find out (`ArithmeticRequest.referenceCheck`). Fixed capacity, oldest entries overwritten; no
/// allocation after creation. Used by one thread only.
public final class ReferencedItems: @unchecked Sendable {
    /// A batch tag: four words that together identify one batch of one connection.
    public struct Tag: Equatable, Sendable {
        public var connection: UInt
        public var inputEnd: UInt
        public var sentMark: Int
        public var outputStart: Int

        public init(connection: UInt, inputEnd: UInt, sentMark: Int, outputStart: Int) {
            self.connection = connection
            self.inputEnd = inputEnd
            self.sentMark = sentMark
            self.outputStart = outputStart
        }
    }

    private struct Entry {
        var version: UInt64 = 0
        var position: UInt = 0
        var tag = Tag(connection: 0, inputEnd: 0, sentMark: 0, outputStart: 0)
    }

    static let capacity = 8
    private let entries: UnsafeMutablePointer<Entry>
    private var next = 0

    init() {
        entries = .allocate(capacity: ReferencedItems.capacity)
        entries.initialize(repeating: Entry(), count: ReferencedItems.capacity)
    }

    deinit {
        entries.deinitialize(count: ReferencedItems.capacity)
        entries.deallocate()
    }

    /// Remembers that the request at input address `position` of batch `tag` references `version`.
    public func record(version: UInt64, position: UInt, tag: Tag) {
        entries[next] = Entry(version: version, position: position, tag: tag)
        next = (next + 1) % ReferencedItems.capacity
    }

    /// Whether a request before input address `position` of batch `tag` referenced `version`.
    public func contains(version: UInt64, before position: UInt, tag: Tag) -> Bool {
        for i in 0..<ReferencedItems.capacity {
            let e = entries[i]
            if e.version == version && e.version != 0 && e.position < position && e.tag == tag { return true }
        }
        return false
    }

    /// A question for the engine: is the item referenced by a request before `position` in batch `tag`?
    public struct Query: @unchecked Sendable {
        public let log: ReferencedItems
        public let position: UInt
        public let tag: Tag

        public init(log: ReferencedItems, position: UInt, tag: Tag) {
            self.log = log
            self.position = position
            self.tag = tag
        }

        @inline(__always) func matches(version: UInt64) -> Bool {
            log.contains(version: version, before: position, tag: tag)
        }
    }
}
