// KeyHash: the 64-bit key hash used by the hash table (a wyhash-style multiply-mix hash, written here).
// Short keys cost two unaligned loads and two 128-bit multiplies.

@inline(__always)
private func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.high ^ product.low
}

@inline(__always)
private func load64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
}

@inline(__always)
private func load32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
}

private let secret0: UInt64 = 0xa076_1d64_78bd_642f
private let secret1: UInt64 = 0xe703_7ed1_a0b4_28db
private let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3
private let secret3: UInt64 = 0x5899_65cc_7537_4cc3

/// Hashes `key` to 64 well-mixed bits (top bits pick the shard, low bits the bucket).
@inline(__always)
func hashKey(_ key: UnsafeRawBufferPointer) -> UInt64 {
    let count = key.count
    guard let p = key.baseAddress, count > 0 else { return mix(secret0, secret1) }
    var seed = mix(0x9e37_79b9_7f4a_7c15 ^ secret0, secret1)
    var a: UInt64
    var b: UInt64
    if count <= 16 {
        if count >= 4 {
            let quarter = (count >> 3) << 2
            a = (load32(p, 0) << 32) | load32(p, quarter)
            b = (load32(p, count - 4) << 32) | load32(p, count - 4 - quarter)
        } else {
            let bytes = p.assumingMemoryBound(to: UInt8.self)
            a = (UInt64(bytes[0]) << 16) | (UInt64(bytes[count >> 1]) << 8) | UInt64(bytes[count - 1])
            b = 0
        }
    } else {
        var offset = 0
        var remaining = count
        if remaining > 48 {
            var seed1 = seed
            var seed2 = seed
            repeat {
                seed = mix(load64(p, offset) ^ secret1, load64(p, offset + 8) ^ seed)
                seed1 = mix(load64(p, offset + 16) ^ secret2, load64(p, offset + 24) ^ seed1)
                seed2 = mix(load64(p, offset + 32) ^ secret3, load64(p, offset + 40) ^ seed2)
                offset += 48
                remaining -= 48
            } while remaining > 48
            seed ^= seed1 ^ seed2
        }
        while remaining > 16 {
            seed = mix(load64(p, offset) ^ secret1, load64(p, offset + 8) ^ seed)
            offset += 16
            remaining -= 16
        }
        a = load64(p, count - 16)
        b = load64(p, count - 8)
    }
    a ^= secret1
    b ^= seed
    let product = a.multipliedFullWidth(by: b)
    return mix(product.low ^ secret0 ^ UInt64(count), product.high ^ secret1)
}
