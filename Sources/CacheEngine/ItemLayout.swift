// ItemLayout: the byte layout of an item inside its chunk and typed accessors over it.
//
// An item is a 40-byte header followed by the key and the value (no CRLF suffix is stored):
//
//   offset size field
//        0    4 hashNext     next item in the hash bucket chain (ItemRef, 0 = none)   [shard lock]
//        4    4 lruPrev      towards the LRU head (ItemRef)                           [class lock]
//        8    4 lruNext      towards the LRU tail (ItemRef)                           [class lock]
//       12    4 exptime      relative expiry, 0 = never                               [shard lock]
//       16    4 time         last access / link time (relative seconds)               [shard lock]
//       20    4 clientFlags                                                           [shard lock]
//       24    8 cas          CAS unique (also the flush sequence unless explicitCAS)  [shard lock]
//       32    4 valueLength                                                           [shard lock]
//       36    1 keyLength    1...250                                                  [shard lock]
//       37    1 classID      slab class (LRU and free list owner)                     [immutable while linked]
//       38    1 bits         fetched, stale, tokenSent, explicitCAS                    [shard lock]
//       39    1 (reserved)
//       40      key bytes, then value bytes
//
// memcached's header is 48 bytes + 8 bytes of CAS, with 64-bit pointers, and stores "\r\n" after the
// value; using 32-bit references (arena offset >> 3) saves 16 bytes per item and no suffix saves 2.

/// A 32-bit reference to an item: arena byte offset >> 3 for slab chunks, or `largeItemBit | slot` for
/// items on the large-item path. 0 means "none" (arena page 0 is never handed out).
typealias ItemRef = UInt32

/// Bit flags stored in the item header.
struct ItemBits: OptionSet {
    let rawValue: UInt8
    /// Fetched at least once since it was stored (memcached ITEM_FETCHED).
    static let fetched = ItemBits(rawValue: 1)
    /// Marked stale by meta invalidation (memcached ITEM_STALE).
    static let stale = ItemBits(rawValue: 2)
    /// A recache win (W) was handed out for this item (memcached ITEM_TOKEN_SENT).
    static let tokenSent = ItemBits(rawValue: 4)
    /// The CAS came from the client (E flag), so it cannot serve as the flush sequence.
    static let explicitCAS = ItemBits(rawValue: 8)
}

/// Typed view of an item's header at a raw address. A plain value: valid only while the caller holds the
/// item's shard lock (or owns the unlinked chunk).
struct Item {
    static let headerSize = 40
    static let maxKeyLength = 250

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
    var time: UInt32 {
        @inline(__always) get { raw.load(fromByteOffset: 16, as: UInt32.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 16, as: UInt32.self) }
    }
    var clientFlags: UInt32 {
        @inline(__always) get { raw.load(fromByteOffset: 20, as: UInt32.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 20, as: UInt32.self) }
    }
    var cas: UInt64 {
        @inline(__always) get { raw.load(fromByteOffset: 24, as: UInt64.self) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue, toByteOffset: 24, as: UInt64.self) }
    }
    var valueLength: Int {
        @inline(__always) get { Int(raw.load(fromByteOffset: 32, as: UInt32.self)) }
        @inline(__always) nonmutating set {
            raw.storeBytes(of: UInt32(truncatingIfNeeded: newValue), toByteOffset: 32, as: UInt32.self)
        }
    }
    var keyLength: Int {
        @inline(__always) get { Int(raw.load(fromByteOffset: 36, as: UInt8.self)) }
        @inline(__always) nonmutating set {
            raw.storeBytes(of: UInt8(truncatingIfNeeded: newValue), toByteOffset: 36, as: UInt8.self)
        }
    }
    var classID: Int {
        @inline(__always) get { Int(raw.load(fromByteOffset: 37, as: UInt8.self)) }
        @inline(__always) nonmutating set {
            raw.storeBytes(of: UInt8(truncatingIfNeeded: newValue), toByteOffset: 37, as: UInt8.self)
        }
    }
    var bits: ItemBits {
        @inline(__always) get { ItemBits(rawValue: raw.load(fromByteOffset: 38, as: UInt8.self)) }
        @inline(__always) nonmutating set { raw.storeBytes(of: newValue.rawValue, toByteOffset: 38, as: UInt8.self) }
    }

    @inline(__always) var keyPointer: UnsafeMutableRawPointer { raw + Item.headerSize }
    @inline(__always) var valuePointer: UnsafeMutableRawPointer { raw + Item.headerSize + keyLength }
    @inline(__always) var key: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: keyPointer, count: keyLength)
    }
    @inline(__always) var value: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: valuePointer, count: valueLength)
    }
    /// Bytes of the chunk this item uses.
    @inline(__always) var totalSize: Int { Item.headerSize + keyLength + valueLength }

    @inline(__always) static func totalSize(keyLength: Int, valueLength: Int) -> Int {
        headerSize + keyLength + valueLength
    }

    /// Writes a fresh header (links cleared) and the key.
    @inline(__always)
    func initialize(key: UnsafeRawBufferPointer, valueLength: Int, clientFlags: UInt32, exptime: UInt32,
                    classID: Int) {
        hashNext = 0
        lruPrev = 0
        lruNext = 0
        self.exptime = exptime
        time = 0
        self.clientFlags = clientFlags
        cas = 0
        self.valueLength = valueLength
        keyLength = key.count
        self.classID = classID
        raw.storeBytes(of: 0 as UInt16, toByteOffset: 38, as: UInt16.self)
        if key.count > 0 { keyPointer.copyMemory(from: key.baseAddress!, byteCount: key.count) }
    }

    @inline(__always) func keyEquals(_ other: UnsafeRawBufferPointer) -> Bool {
        keyLength == other.count && memcmp(keyPointer, other.baseAddress!, other.count) == 0
    }
}

#if canImport(Glibc)
import Glibc
#endif
