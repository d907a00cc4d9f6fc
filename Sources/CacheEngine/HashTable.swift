// HashTable: the sharded chained hash table. The table is split into independently locked shards (the
// shard lock is the item lock); each shard owns a bucket array of 32-bit item references that doubles
// when the shard's load exceeds 1.5, so growth costs 1/N of the table under one shard lock and never
// stalls the whole cache.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One shard's bucket array. Guarded by the shard lock.
struct HashShard {
    var buckets: UnsafeMutablePointer<ItemRef> = UnsafeMutablePointer(bitPattern: 8)!
    var mask: UInt32 = 0
    var count: UInt32 = 0
}

extension CacheEngine {
    @inline(__always) func shardIndex(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash &>> shardShift)
    }

    /// The item with `key` (live or not), or 0. Shard lock held.
    @inline(__always) func lookup(_ key: UnsafeRawBufferPointer, hash: UInt64, shard: Int) -> ItemRef {
        let s = shards.state(shard)
        var ref = s.pointee.buckets[Int(truncatingIfNeeded: hash) & Int(s.pointee.mask)]
        while ref != 0 {
            let it = item(ref)
            if it.keyEquals(key) { return ref }
            ref = it.hashNext
        }
        return 0
    }

    /// Shard lock held.
    func insertIntoTable(_ ref: ItemRef, _ it: Item, hash: UInt64, shard: Int) {
        let s = shards.state(shard)
        let bucket = s.pointee.buckets + (Int(truncatingIfNeeded: hash) & Int(s.pointee.mask))
        it.hashNext = bucket.pointee
        bucket.pointee = ref
        s.pointee.count += 1
        let size = s.pointee.mask &+ 1
        if s.pointee.count > size + size / 2 && size < 1 << 30 && configuration.hashExpand { grow(s) }
    }

    /// Shard lock held. The item must be in the table.
    func removeFromTable(_ ref: ItemRef, hash: UInt64, shard: Int) {
        let s = shards.state(shard)
        var link = s.pointee.buckets + (Int(truncatingIfNeeded: hash) & Int(s.pointee.mask))
        while link.pointee != 0 {
            if link.pointee == ref {
                link.pointee = item(ref).hashNext
                s.pointee.count -= 1
                return
            }
            // hashNext is the item's first word.
            link = item(link.pointee).raw.assumingMemoryBound(to: ItemRef.self)
        }
    }

    /// Doubles a shard's bucket array, rehashing its items. Shard lock held.
    private func grow(_ s: UnsafeMutablePointer<HashShard>) {
        let oldSize = Int(s.pointee.mask) + 1
        let newSize = oldSize * 2
        let newMask = newSize - 1
        guard let raw = calloc(newSize, MemoryLayout<ItemRef>.size) else { return }  // stay at this size
        let newBuckets = raw.assumingMemoryBound(to: ItemRef.self)
        let oldBuckets = s.pointee.buckets
        for b in 0..<oldSize {
            var ref = oldBuckets[b]
            while ref != 0 {
                let it = item(ref)
                let next = it.hashNext
                let slot = newBuckets + (Int(truncatingIfNeeded: hashKey(it.key)) & newMask)
                it.hashNext = slot.pointee
                slot.pointee = ref
                ref = next
            }
        }
        free(oldBuckets)
        s.pointee.buckets = newBuckets
        s.pointee.mask = UInt32(newMask)
    }

    /// Walks up to `buckets` more buckets of a shard for a walk that releases the shard lock between
    /// steps (crawler, `metadump hash`), calling `body` for every item there (live or not; `body` may
    /// unlink the item it is given). The table may grow between steps: a doubling sends bucket b's items
    /// to b or b + size, so the cursor counts buckets of the size the walk started with, and each step
    /// visits every current bucket whose low bits name the cursor's bucket. No item is visited twice or
    /// missed. Returns true when the shard is done. Shard lock held.
    func walkBuckets(
        _ cursor: inout ShardBucketCursor, shard: Int, buckets: Int, _ body: (ItemRef, Item) -> Void
    ) -> Bool {
        let s = shards.state(shard)
        let size = Int(s.pointee.mask) + 1
        if cursor.startSize == 0 { cursor.startSize = size }
        var budget = buckets
        while budget > 0 && cursor.bucket < cursor.startSize {
            var b = cursor.bucket
            while b < size {
                var ref = s.pointee.buckets[b]
                while ref != 0 {
                    let it = item(ref)
                    let next = it.hashNext
                    body(ref, it)
                    ref = next
                }
                b += cursor.startSize
            }
            cursor.bucket += 1
            budget -= 1
        }
        return cursor.bucket >= cursor.startSize
    }

    /// Sizes every empty shard for `items` items in all (a warm restart knows the count up front, so
    /// the table need not grow step by step while it is filled). Before any item is linked.
    func reserveTable(forItems items: Int) {
        let perShard = items / shards.count + 1
        for shard in 0..<shards.count {
            let s = shards.state(shard)
            var size = Int(s.pointee.mask) + 1
            while size + size / 2 < perShard && size < 1 << 30 { size *= 2 }
            guard size > Int(s.pointee.mask) + 1, s.pointee.count == 0,
                let buckets = calloc(size, MemoryLayout<ItemRef>.size)
            else { continue }
            free(s.pointee.buckets)
            s.pointee.buckets = buckets.assumingMemoryBound(to: ItemRef.self)
            s.pointee.mask = UInt32(size - 1)
        }
    }

    /// Calls `body` for every item of a shard (live or not); `body` may unlink the item it is given.
    /// Shard lock held.
    func forEachItem(inShard shard: Int, _ body: (ItemRef, Item) -> Void) {
        var cursor = ShardBucketCursor()
        _ = walkBuckets(&cursor, shard: shard, buckets: Int.max, body)
    }
}

extension CacheEngine {
    /// Whether `ref` is linked in the table under `hash` (so it is a live chunk of that shard, not a freed
    /// or reused one). Shard lock held.
    func isLinked(_ ref: ItemRef, hash: UInt64, shard: Int) -> Bool {
        let s = shards.state(shard)
        var current = s.pointee.buckets[Int(truncatingIfNeeded: hash) & Int(s.pointee.mask)]
        while current != 0 {
            if current == ref { return true }
            current = item(current).hashNext
        }
        return false
    }
}

/// Where a lock-releasing walk of one shard's buckets stands (`walkBuckets`).
struct ShardBucketCursor: Sendable {
    /// The next bucket, in buckets of the shard's size when the walk started.
    var bucket = 0
    /// That size (0 = not started).
    var startSize = 0
}
