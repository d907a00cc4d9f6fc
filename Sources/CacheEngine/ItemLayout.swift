// ItemLayout: the byte layout of an item inside its chunk and typed accessors over it.
//
// An item is a 32-byte header followed by the key, the value (no CRLF suffix is stored) and, only when
// they are not 0, the 4 client-flag bytes:
//
//   offset size field
//        0    4 hashNext     next item in the hash bucket chain (ItemRef, 0 = none)   [shard lock]
//        4    4 lruPrev      towards the LRU head (ItemRef)                           [class lock]
//        8    4 lruNext      towards the LRU tail (ItemRef)                           [class lock]
//       12    4 exptime      relative expiry, 0 = never                               [shard lock]
//       16    4 time         bits 0-27: last access / link time (relative seconds)    [shard lock]
//                            bits 28-29: LRU segment (HOT, WARM, COLD, TEMP)           [shard + class lock]
//                            bit 30: active (hit twice since it entered its segment)  [shard lock]
//                            bit 31: the key was sent base64 (meta `b`; memcached ITEM_KEY_BINARY)
//       20    1 keyLength    1...250                                                  [never changes while linked]
//       21   20 bits valueLength (0xFFFFF: large item, length in the 8-byte prefix)   [shard lock]
//             4 bits fetched, stale, tokenSent, hasFlags                               [shard lock]
//       24    8 cas          CAS unique, also the flush sequence                      [shard lock]
//       32      key bytes, value bytes, then client flags (u32, unaligned) if hasFlags
//
// The slab class is not stored: it is the owner of the item's arena page (large items live outside
// the arena). memcached's header is 48 bytes + 8 bytes of CAS with 64-bit pointers and stores "\r\n"
// after the value; 32-bit references (arena offset >> 3), a derived class id, optional flags and no
// suffix save 26 bytes per item. The key comes first and never moves, and keyLength has a byte of its
// own, so the evictor can hash a victim's key holding only the class lock.
//
// The segmented LRU needs three bits per item (memcached keeps the LRU id in slabs_clsid and ACTIVE in
// it_flags); they live in the time word rather than in a bigger header. Every write of that word holds
// the item's shard lock, and a segment change also holds the class lock, so the segment may be read
// under either lock. 28 bits of relative seconds last 8.5 years of uptime. A metadump's placeholders are
// headers with keyLength 0 in page 0 of the arena, linked into LRU lists (LRUCrawler.swift).

/// A 32-bit reference to an item: arena byte offset >> 3 for slab chunks, or `largeItemBit | slot` for
/// items on the large-item path. 0 means "none" (arena page 0 is never handed out).
typealias ItemRef = UInt32

/// Bit flags stored in the item header (the top nibble of byte 23).
struct ItemBits: OptionSet {
    let rawValue: UInt8
    /// Fetched at least once since it was stored (memcached ITEM_FETCHED).
    static let fetched = ItemBits(rawValue: 1)
    /// Marked stale by meta invalidation (memcached ITEM_STALE).
    static let stale = ItemBits(rawValue: 2)
    /// A recache win (W) was handed out for this item (memcached ITEM_TOKEN_SENT).
    static let tokenSent = ItemBits(rawValue: 4)
    /// Client flags are stored after the value (they are not 0).
    static let hasFlags = ItemBits(rawValue: 8)
}

/// Typed view of an item's header at a raw address. A plain value: valid only while the caller holds the
/// item's shard lock (or owns the unlinked chunk).
struct Item {
    static let headerSize = 32
    /// valueLength field value meaning "large item: the length is in the prefix before the header".
    static let largeLengthMarker = 0xFFFFF

    let raw: UnsafeMutableRawPointer

    @inline(__always) init(_ raw: UnsafeMutableRawPointer) { self.raw = raw }

    var hashNext: ItemRef {
        @inline(__always) get { raw.load(fromByteOffset: 0, as: UInt32.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 0, as: UInt32.self) }
    }
    var lruPrev: ItemRef {
        @inline(__always) get { raw.load(fromByteOffset: 4, as: UInt32.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 4, as: UInt32.self) }
    }
    var lruNext: ItemRef {
        @inline(__always) get { raw.load(fromByteOffset: 8, as: UInt32.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 8, as: UInt32.self) }
    }
    var exptime: UInt32 {
        @inline(__always) get { raw.load(fromByteOffset: 12, as: UInt32.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 12, as: UInt32.self) }
    }
    /// Bit 31 of the time word: the key-is-binary flag.
    static let binaryKeyBit: UInt32 = 0x8000_0000
    /// Bit 30 of the time word: memcached's ITEM_ACTIVE.
    static let activeBit: UInt32 = 0x4000_0000
    static let segmentShift: UInt32 = 28
    static let segmentMask: UInt32 = 0x3000_0000
    /// Bits 0-27 of the time word.
    static let timeMask: UInt32 = 0x0FFF_FFFF

    @inline(__always) private var timeWord: UInt32 {
        get { raw.load(fromByteOffset: 16, as: UInt32.self) }
        nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 16, as: UInt32.self) }
    }

    /// Last access / link time in relative seconds (28 bits).
    var time: UInt32 {
        @inline(__always) get { timeWord & Item.timeMask }
        @inline(__always) nonmutating set { timeWord = (timeWord & ~Item.timeMask) | (newValue & Item.timeMask) }
    }

    /// The LRU segment the item is linked on. Written under the shard and the class lock.
    var segment: LRUSegment {
        @inline(__always) get {
            LRUSegment(rawValue: UInt8(truncatingIfNeeded: (timeWord & Item.segmentMask) >> Item.segmentShift))!
        }
        @inline(__always) nonmutating set {
            timeWord = (timeWord & ~Item.segmentMask) | (UInt32(newValue.rawValue) << Item.segmentShift)
        }
    }

    /// memcached's ITEM_ACTIVE: hit again after its first fetch; the maintainer keeps active items out of
    /// COLD's tail. Shard lock held.
    var isActive: Bool {
        @inline(__always) get { timeWord & Item.activeBit != 0 }
        @inline(__always) nonmutating set {
            timeWord = newValue ? timeWord | Item.activeBit : timeWord & ~Item.activeBit
        }
    }

    /// The key was sent base64-encoded when the item was stored (memcached's ITEM_KEY_BINARY): meta `k`
    /// and `me` then show it base64-encoded.
    var keyIsBinary: Bool {
        @inline(__always) get { timeWord & Item.binaryKeyBit != 0 }
        @inline(__always) nonmutating set {
            timeWord = newValue ? timeWord | Item.binaryKeyBit : timeWord & ~Item.binaryKeyBit
        }
    }

    var keyLength: Int {
        @inline(__always) get { Int(raw.load(fromByteOffset: 20, as: UInt8.self)) }
        @inline(__always) nonmutating set {
            raw.storeBytes(of: UInt8(truncatingIfNeeded: newValue), toByteOffset: 20, as: UInt8.self)
        }
    }
    /// The 20-bit length field (bytes 21, 22 and the low nibble of 23).
    private var lengthField: Int {
        @inline(__always) get {
            Int(raw.load(fromByteOffset: 21, as: UInt8.self)) | Int(raw.load(fromByteOffset: 22, as: UInt8.self)) << 8
                | Int(raw.load(fromByteOffset: 23, as: UInt8.self) & 0x0F) << 16
        }
        @inline(__always) nonmutating set {
            raw.storeBytes(of: UInt8(truncatingIfNeeded: newValue), toByteOffset: 21, as: UInt8.self)
            raw.storeBytes(of: UInt8(truncatingIfNeeded: newValue >> 8), toByteOffset: 22, as: UInt8.self)
            let top = raw.load(fromByteOffset: 23, as: UInt8.self) & 0xF0
            raw.storeBytes(
                of: top | UInt8(truncatingIfNeeded: (newValue >> 16) & 0x0F), toByteOffset: 23, as: UInt8.self)
        }
    }
    var valueLength: Int {
        @inline(__always) get {
            let field = lengthField
            return field != Item.largeLengthMarker ? field : Int(raw.load(fromByteOffset: -4, as: UInt32.self))
        }
        @inline(__always) nonmutating set {
            if lengthField == Item.largeLengthMarker {
                raw.storeBytes(of: UInt32(truncatingIfNeeded: newValue), toByteOffset: -4, as: UInt32.self)
            } else {
                lengthField = newValue
            }
        }
    }
    var bits: ItemBits {
        @inline(__always) get { ItemBits(rawValue: raw.load(fromByteOffset: 23, as: UInt8.self) >> 4) }
        @inline(__always) nonmutating set {
            let low = raw.load(fromByteOffset: 23, as: UInt8.self) & 0x0F
            raw.storeBytes(of: low | (newValue.rawValue << 4), toByteOffset: 23, as: UInt8.self)
        }
    }
    var cas: UInt64 {
        @inline(__always) get { raw.load(fromByteOffset: 24, as: UInt64.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 24, as: UInt64.self) }
    }

    /// A metadump placeholder (a header with no key, linked into an LRU list; see LRUCrawler.swift).
    /// Free chunks have no key either, but they are never on a list.
    @inline(__always) var isPlaceholder: Bool { keyLength == 0 }

    @inline(__always) var keyPointer: UnsafeMutableRawPointer { raw + Item.headerSize }
    @inline(__always) var valuePointer: UnsafeMutableRawPointer { raw + Item.headerSize + keyLength }
    @inline(__always) var key: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: keyPointer, count: keyLength)
    }
    @inline(__always) var value: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: valuePointer, count: valueLength)
    }

    /// Client flags: stored after the value only when not 0. Setting 0 drops them (the item shrinks by
    /// 4 bytes); a non-zero value can only be given at `initialize`.
    var clientFlags: UInt32 {
        @inline(__always) get {
            guard bits.contains(.hasFlags) else { return 0 }
            return (valuePointer + valueLength).loadUnaligned(as: UInt32.self)
        }
    }

    /// Drops the client flags (so they read as 0). Shard lock held.
    @inline(__always) func clearClientFlags() {
        var b = bits
        b.remove(.hasFlags)
        bits = b
    }

    /// Bytes of the chunk this item uses.
    @inline(__always) var totalSize: Int {
        Item.headerSize + keyLength + valueLength + (bits.contains(.hasFlags) ? 4 : 0)
    }

    @inline(__always) static func totalSize(keyLength: Int, valueLength: Int, clientFlags: UInt32) -> Int {
        headerSize + keyLength + valueLength + (clientFlags != 0 ? 4 : 0)
    }

    /// Writes a fresh header (links cleared, CAS 0), the key and the client flags. `isLarge`: the value
    /// length goes to the 8-byte prefix (slot, length) in front of the header.
    @inline(__always)
    func initialize(
        key: UnsafeRawBufferPointer, valueLength: Int, clientFlags: UInt32, exptime: UInt32,
        isLarge: Bool
    ) {
        hashNext = 0
        lruPrev = 0
        lruNext = 0
        self.exptime = exptime
        timeWord = 0  // time 0, HOT, not active, key not binary
        keyLength = key.count
        raw.storeBytes(of: 0 as UInt8, toByteOffset: 23, as: UInt8.self)
        if isLarge {
            lengthField = Item.largeLengthMarker
            raw.storeBytes(of: UInt32(truncatingIfNeeded: valueLength), toByteOffset: -4, as: UInt32.self)
        } else {
            lengthField = valueLength
        }
        cas = 0
        if key.count > 0 { keyPointer.copyMemory(from: key.baseAddress!, byteCount: key.count) }
        if clientFlags != 0 {
            bits = .hasFlags
            (valuePointer + valueLength).storeBytes(of: clientFlags, as: UInt32.self)
        }
    }

    @inline(__always) func keyEquals(_ other: UnsafeRawBufferPointer) -> Bool {
        keyLength == other.count && memcmp(keyPointer, other.baseAddress!, other.count) == 0
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
