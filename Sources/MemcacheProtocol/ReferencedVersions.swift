// ReferencedVersions: the item versions a connection's unsent meta-get replies still refer to, which decide
// whether a later `ma` of the same batch may write its result in place.

/// The versions (`MetaItemHandle.version`, the item's CAS) of the items that `mg` replies written since
/// the session's last flush point refer to.
///
/// memcached keeps a reference to an item until the reply carrying it has been sent, and writes an
/// incr/decr result in place only while nobody else references the item. Its replies go out at the
/// session's flush points (`ProtocolSession.markSent`), so a version recorded here is still referenced
/// exactly until the next flush point, which empties the set. `ma` hands the versions to the engine
/// (`ArithmeticRequest.referencedVersions`).
///
/// Fixed capacity (the oldest entry is overwritten when full), allocated once per session; recording,
/// reading and clearing never allocate. Thread rule: owned by one session, used by its thread only.
final class ReferencedVersions {
    /// How many versions are kept; a batch with more `mg` replies than this forgets the oldest.
    static let capacity = 16

    private let storage: UnsafeMutablePointer<UInt64>
    /// Entries in use, at most `capacity`.
    @exclusivity(unchecked) private var count = 0
    /// Where the next version goes.
    @exclusivity(unchecked) private var next = 0

    init() {
        storage = .allocate(capacity: ReferencedVersions.capacity)
        storage.initialize(repeating: 0, count: ReferencedVersions.capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// Remembers that an unsent reply refers to the item with this version (0, no version, is ignored).
    @inline(__always)
    func record(_ version: UInt64) {
        guard version != 0 else { return }
        storage[next] = version
        next = next == ReferencedVersions.capacity &- 1 ? 0 : next &+ 1
        if count < ReferencedVersions.capacity { count &+= 1 }
    }

    /// Forgets every version: the replies referring to them have been sent.
    @inline(__always)
    func removeAll() {
        count = 0
        next = 0
    }

    /// The versions recorded since the last `removeAll`, in no particular order. Valid until the next
    /// `record` or `removeAll`.
    var versions: UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(start: storage, count: count)
    }
}
