// ItemOperations: the request-path operations (get, touch, store, delete, incr/decr, meta access) with
// memcached 1.6.18's semantics and counters. Each runs entirely under the key's shard lock.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension CacheEngine {
    /// memcached's KEY_MAX_LENGTH.
    public static let maxKeyLength = 250
    /// memcached's ITEM_UPDATE_INTERVAL: in flat mode a hit re-bumps an item in its LRU at most this often.
    static let lruBumpInterval: UInt32 = 60

    @inline(__always) func isValidKey(_ key: UnsafeRawBufferPointer) -> Bool {
        key.count > 0 && key.count <= CacheEngine.maxKeyLength && key.baseAddress != nil
    }

    /// The size memcached compares with -I: 48-byte header + 8 CAS (only when CAS is enabled; -C items
    /// may be 8 bytes larger) + key + NUL + (4 if flags) + value + CRLF. Used only for the too-large
    /// decision, so boundaries match memcached's byte for byte.
    @inline(__always) func memcachedItemSize(keyLength: Int, clientFlags: UInt32, valueLength: Int) -> Int {
        48 + (configuration.casEnabled ? 8 : 0) + keyLength + 1 + (clientFlags == 0 ? 0 : 4) + valueLength + 2
    }

    /// Whether a store of this size would be refused as too large (memcached's item_size_ok), for
    /// callers that decide before the value has arrived.
    public func isTooLarge(keyLength: Int, clientFlags: UInt32, valueLength: Int) -> Bool {
        memcachedItemSize(keyLength: keyLength, clientFlags: clientFlags, valueLength: valueLength)
            > configuration.itemSizeMax
    }

    /// Records a store refused as too large the way memcached does when its item allocation fails on
    /// size: counts store_too_large and unlinks any live item with that key (so no stale value outlives
    /// a failed set). The unlink is not a delete: delete_hits/delete_misses do not change (a dead item
    /// found on the way still counts get_expired/get_flushed, as memcached's item_get does).
    /// Callers decide when it applies (memcached: classic `set` only, not add/replace/append/prepend/cas;
    /// meta `ms` in every mode).
    public func rejectTooLargeStore(key: UnsafeRawBufferPointer, context: WorkerContext) {
        context.count(.storeTooLarge)
        guard isValidKey(key) else { return }
        let hash = hashKey(key)
        let shard = shardIndex(hash)
        shards.lock(shard)
        defer { shards.unlock(shard) }
        removeKey(key, hash: hash, shard: shard, context: context)
    }

    /// Counts a store refused as too large without touching any item (memcached's add/replace/append/
    /// prepend/cas on that path).
    public func countTooLargeStore(context: WorkerContext) {
        context.count(.storeTooLarge)
    }

    @inline(__always) func reportedCAS(_ it: Item) -> UInt64 {
        configuration.casEnabled ? it.cas : 0
    }

    /// Gives the item a new CAS: the engine's next one, or a client-supplied one (E). Shard lock held.
    @inline(__always) func assignCAS(_ it: Item, explicit: UInt64) {
        it.cas = explicit != 0 ? explicit : casCounter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// The live item for `key`, or 0. A dead (flushed / expired) one is unlinked and counted as
    /// get_flushed / get_expired, as memcached's do_item_get does. Shard lock held.
    @inline(__always)
    func findLive(_ key: UnsafeRawBufferPointer, hash: UInt64, shard: Int, context: WorkerContext) -> ItemRef {
        let ref = lookup(key, hash: hash, shard: shard)
        if ref == 0 {
            noteFetch(key, 0, status: .notFound, context: context)
            return 0
        }
        let it = item(ref)
        let now = clock.now
        if isFlushed(it, now: now) {
            context.count(.getFlushed)
            noteFetch(key, ref, status: .flushed, context: context)
        } else if isExpired(it, now: now) {
            context.count(.getExpired)
            noteFetch(key, ref, status: .expired, context: context)
        } else {
            noteFetch(key, ref, status: .found, context: context)
            return ref
        }
        unlinkAndFree(ref, it, hash: hash, shard: shard)
        return 0
    }

    /// A read of the item: sets FETCHED and, with `bumpLRU`, applies the LRU hit rule (`recordHit`).
    /// Shard lock held.
    @inline(__always)
    func markAccessed(_ ref: ItemRef, _ it: Item, hash: UInt64, bumpLRU: Bool, context: WorkerContext) {
        if bumpLRU {
            recordHit(ref, it, hash: hash, context: context)
        } else if !it.bits.contains(.fetched) {
            it.bits.insert(.fetched)
        }
    }

    // MARK: classic reads

    /// get/gets/gat/gats. Looks the key up (expired and flushed items count as misses and are unlinked),
    /// optionally touches (new relative exptime), bumps the LRU (at most once per 60 s), sets fetched,
    /// counts cmd_get and get_hits/get_misses (with a touch: cmd_touch and touch_hits/touch_misses
    /// instead of all three, as memcached's gat does), and calls `body` with a view valid only
    /// inside the call (the item lock is held: copy the bytes out, don't block).
    /// Returns nil on a miss (body not called).
    public func get<R>(
        _ key: UnsafeRawBufferPointer, touch newExpiry: UInt32?, context: WorkerContext,
        _ body: (borrowing ItemView) -> R
    ) -> R? {
        getImplementation(key, touch: newExpiry, context: context, body)
    }

    /// `get` for callers that only copy the item out: identical semantics and counters, but not generic,
    /// so a caller in another module does not go through the unspecialised generic entry point (whose
    /// value-witness calls for `R?` showed up in per-request profiles). Returns true on a hit.
    public func visit(
        _ key: UnsafeRawBufferPointer, touch newExpiry: UInt32?, context: WorkerContext,
        _ body: (borrowing ItemView) -> Void
    ) -> Bool {
        getImplementation(key, touch: newExpiry, context: context, body) != nil
    }

    /// The body of `get`, inlined into both entry points (and specialised for `visit`).
    @inline(__always)
    private func getImplementation<R>(
        _ key: UnsafeRawBufferPointer, touch newExpiry: UInt32?, context: WorkerContext,
        _ body: (borrowing ItemView) -> R
    ) -> R? {
        // memcached's gat/gats count cmd_touch instead of cmd_get.
        if newExpiry == nil { context.count(.cmdGet) }
        guard isValidKey(key) else {
            countGetMiss(touching: newExpiry != nil, context: context)
            return nil
        }
        let hash = hashKey(key)
        let shard = shardIndex(hash)
        shards.lock(shard)
        defer { shards.unlock(shard) }
        let ref = findLive(key, hash: hash, shard: shard, context: context)
        guard ref != 0 else {
            countGetMiss(touching: newExpiry != nil, context: context)
            return nil
        }
        let it = item(ref)
        if let newExpiry {
            it.exptime = newExpiry
            context.countTouchHit(classID: classOf(it))
        } else {
            context.countGetHit(classID: classOf(it), segment: it.segment)
        }
        markAccessed(ref, it, hash: hash, bumpLRU: true, context: context)
        let view = ItemView(key: it.key, value: it.value, clientFlags: it.clientFlags, cas: reportedCAS(it))
        return body(view)
    }

    private func countGetMiss(touching: Bool, context: WorkerContext) {
        if touching {
            context.count(.cmdTouch)
            context.count(.touchMisses)
        } else {
            context.count(.getMisses)
        }
    }

    /// touch: sets a new relative expiry without changing the CAS. Counts cmd_touch, touch_hits/misses
    /// (a `gat` that returns nothing).
    public func touch(_ key: UnsafeRawBufferPointer, expiry: UInt32, context: WorkerContext) -> Bool {
        getImplementation(key, touch: expiry, context: context) { _ in () } != nil
    }

    // MARK: stores

    /// set/add/replace/append/prepend/cas and meta ms. CAS mode (classic `cas`, or set/replace with a
    /// compareCAS) stores only on a matching CAS (or an older one with `invalidateIfStale`, which keeps the
    /// item stale with its old expiry and win bit). append/prepend keep the old flags and expiry and honour
    /// compareCAS. A failed `set` (too large, out of memory) removes the old item, as memcached does.
    public func store(_ request: StoreRequest, context: WorkerContext) -> StoreOutcome {
        let outcome = storeItem(request, context: context)
        noteStore(request, outcome, context: context)
        return outcome
    }

    /// `store` without its event.
    @inline(__always)
    private func storeItem(_ request: StoreRequest, context: WorkerContext) -> StoreOutcome {
        let key = request.key
        guard isValidKey(key) else { return StoreOutcome(result: .notStored) }
        let hash = hashKey(key)
        let shard = shardIndex(hash)
        let tooLarge =
            memcachedItemSize(
                keyLength: key.count, clientFlags: request.clientFlags,
                valueLength: request.value.count) > configuration.itemSizeMax
        let casMode =
            request.isClassicCAS
            || (request.compareCAS != 0 && (request.mode == .set || request.mode == .replace))
        shards.lock(shard)
        defer { shards.unlock(shard) }
        if tooLarge {
            context.count(.storeTooLarge)
            if request.mode == .set && !casMode { removeKey(key, hash: hash, shard: shard, context: context) }
            return StoreOutcome(result: .tooLarge)
        }
        if request.mode == .append || request.mode == .prepend {
            return storeConcatenating(request, hash: hash, shard: shard, context: context)
        }
        let oldRef = findLive(key, hash: hash, shard: shard, context: context)
        let newClassID = classID(
            forSize: Item.totalSize(
                keyLength: key.count, valueLength: request.value.count,
                clientFlags: request.clientFlags))
        // Decide against the old item first, so commands that fail neither allocate nor evict.
        var staysStale = false
        if oldRef != 0 {
            let old = item(oldRef)
            if request.mode == .add {
                context.count(.cmdSet, classID: newClassID)
                refreshItem(oldRef, old)
                return StoreOutcome(result: .notStored)
            }
            if casMode {
                let current = reportedCAS(old)
                let matches = request.compareCAS != 0 && request.compareCAS == current
                // ms I with an older CAS: store, but stay stale with the old TTL and win bit (P5).
                staysStale =
                    !matches && request.invalidateIfStale && request.compareCAS != 0 && request.compareCAS < current
                if !matches && !staysStale {
                    context.count(.cmdSet, classID: newClassID)
                    context.count(.casBadval, classID: classOf(old))
                    return StoreOutcome(result: .exists)
                }
            }
        } else if casMode || request.mode == .replace {
            context.count(.cmdSet, classID: newClassID)
            if casMode { context.count(.casMisses) }
            return StoreOutcome(result: casMode ? .notFound : .notStored)
        }

        let newRef = allocateItem(
            key: key, valueLength: request.value.count, clientFlags: request.clientFlags,
            exptime: request.expiry, heldShard: shard, protect: oldRef)
        guard newRef != 0 else {
            context.count(.storeNoMemory)
            if request.mode == .set && !casMode && oldRef != 0 {
                unlinkAndFree(oldRef, item(oldRef), hash: hash, shard: shard)
            }
            return StoreOutcome(result: .outOfMemory)
        }
        let new = item(newRef)
        context.count(.cmdSet, classID: newClassID)
        fill(new, with: request.value)
        if request.keyIsBinary { new.keyIsBinary = true }
        if oldRef == 0 {
            assignCAS(new, explicit: request.explicitNewCAS)
            link(newRef, new, hash: hash, shard: shard)
            return StoreOutcome(result: .stored, cas: reportedCAS(new), valueLength: request.value.count)
        }
        let old = item(oldRef)
        if casMode { context.count(.casHits, classID: classOf(old)) }
        if staysStale {
            new.exptime = old.exptime
            var bits = new.bits
            bits.insert(.stale)
            if old.bits.contains(.tokenSent) { bits.insert(.tokenSent) }
            new.bits = bits
        }
        assignCAS(new, explicit: request.explicitNewCAS)
        replace(oldRef, old, with: newRef, new, hash: hash, shard: shard)
        return StoreOutcome(result: .stored, cas: reportedCAS(new), valueLength: request.value.count)
    }

    @inline(__always) private func fill(_ it: Item, with value: UnsafeRawBufferPointer) {
        if value.count > 0 { it.valuePointer.copyMemory(from: value.baseAddress!, byteCount: value.count) }
    }

    /// Removes the live item for `key` if any. Shard lock held.
    private func removeKey(_ key: UnsafeRawBufferPointer, hash: UInt64, shard: Int, context: WorkerContext) {
        let ref = findLive(key, hash: hash, shard: shard, context: context)
        if ref != 0 { unlinkAndFree(ref, item(ref), hash: hash, shard: shard) }
    }

    /// append/prepend (and ms MA/MP with N: vivify on a miss). Shard lock held.
    private func storeConcatenating(
        _ request: StoreRequest, hash: UInt64, shard: Int,
        context: WorkerContext
    ) -> StoreOutcome {
        let key = request.key
        let oldRef = findLive(key, hash: hash, shard: shard, context: context)
        guard oldRef != 0 else {
            guard let vivifyExpiry = request.vivifyExpiry else {
                let size = Item.totalSize(
                    keyLength: key.count, valueLength: request.value.count,
                    clientFlags: request.clientFlags)
                context.count(.cmdSet, classID: classID(forSize: size))
                return StoreOutcome(result: .notStored)
            }
            let newRef = allocateItem(
                key: key, valueLength: request.value.count, clientFlags: request.clientFlags,
                exptime: vivifyExpiry, heldShard: shard, protect: 0)
            guard newRef != 0 else {
                context.count(.storeNoMemory)
                return StoreOutcome(result: .outOfMemory)
            }
            let new = item(newRef)
            context.count(.cmdSet, classID: classOf(new))
            fill(new, with: request.value)
            if request.keyIsBinary { new.keyIsBinary = true }
            assignCAS(new, explicit: request.explicitNewCAS)
            link(newRef, new, hash: hash, shard: shard)
            return StoreOutcome(result: .stored, cas: reportedCAS(new), valueLength: request.value.count)
        }
        let old = item(oldRef)
        context.count(.cmdSet, classID: classOf(old))
        if request.compareCAS != 0 && request.compareCAS != reportedCAS(old) {
            return StoreOutcome(result: .exists)
        }
        let oldLength = old.valueLength
        let newLength = oldLength + request.value.count
        if memcachedItemSize(keyLength: key.count, clientFlags: old.clientFlags, valueLength: newLength)
            > configuration.itemSizeMax
        {
            return StoreOutcome(result: .notStored)
        }
        let newRef = allocateItem(
            key: key, valueLength: newLength, clientFlags: old.clientFlags,
            exptime: old.exptime, heldShard: shard, protect: oldRef)
        guard newRef != 0 else {
            context.count(.storeNoMemory)
            return StoreOutcome(result: .notStored)
        }
        let new = item(newRef)
        let destination = new.valuePointer
        let added = request.value
        if request.mode == .append {
            destination.copyMemory(from: old.valuePointer, byteCount: oldLength)
            if added.count > 0 {
                (destination + oldLength).copyMemory(from: added.baseAddress!, byteCount: added.count)
            }
        } else {
            if added.count > 0 { destination.copyMemory(from: added.baseAddress!, byteCount: added.count) }
            (destination + added.count).copyMemory(from: old.valuePointer, byteCount: oldLength)
        }
        assignCAS(new, explicit: request.explicitNewCAS)
        replace(oldRef, old, with: newRef, new, hash: hash, shard: shard)
        return StoreOutcome(result: .stored, cas: reportedCAS(new), valueLength: newLength)
    }

    // MARK: delete

    /// Classic delete and meta md: `compareCAS` must match (else `.exists`); `invalidate` keeps the item,
    /// marks it stale, clears the win bit, gives it a new CAS and optionally a new expiry; `dropValue`
    /// empties the value and client flags but keeps the item (with a new CAS).
    public func delete(_ request: DeleteRequest, context: WorkerContext) -> DeleteOutcome {
        let key = request.key
        guard isValidKey(key) else {
            context.count(.deleteMisses)
            return .notFound
        }
        let hash = hashKey(key)
        let shard = shardIndex(hash)
        shards.lock(shard)
        defer { shards.unlock(shard) }
        let ref = findLive(key, hash: hash, shard: shard, context: context)
        guard ref != 0 else {
            context.count(.deleteMisses)
            return .notFound
        }
        var it = item(ref)
        if request.compareCAS != 0 && request.compareCAS != reportedCAS(it) {
            context.count(.deleteMisses)
            return .exists
        }
        guard request.invalidate || request.dropValue else {
            context.count(.deleteHits, classID: classOf(it))
            unlinkAndFree(ref, it, hash: hash, shard: shard)
            return .deleted
        }
        if request.dropValue { it = dropValue(ref, it) }
        var bits = it.bits
        if request.invalidate {
            if let newExpiry = request.newExpiry { it.exptime = newExpiry }
            bits.insert(.stale)
        } else {
            bits.remove(.stale)
        }
        bits.remove(.tokenSent)
        it.bits = bits
        assignCAS(it, explicit: request.explicitNewCAS)
        return .deleted
    }

    /// Empties a linked item's value and client flags in place (its chunk is kept). Shard lock held.
    private func dropValue(_ ref: ItemRef, _ it: Item) -> Item {
        let before = it.totalSize
        it.valueLength = 0
        it.clearClientFlags()
        let after = it.totalSize
        let removed = before - after
        let id = classOf(it)
        classes.lock(id)
        defer { classes.unlock(id) }
        let c = classes.state(id)
        c.pointee.memRequested -= removed
        c.pointee.bytes -= removed
        lruList(c, it.segment).pointee.bytes -= removed
        guard id == largeClassID else { return it }
        // A malloc'd item shrinks for real, so that the bytes counted against the limit (released by
        // size when it is freed) stay the bytes it holds. Its slot keeps its references valid.
        releaseLargeBytes(removed)
        guard let block = realloc(it.raw - 8, after + 8) else { return it }
        largeSlots[Int(ref & ~CacheEngine.largeItemBit)] = block + 8
        return Item(block + 8)
    }

    // MARK: incr/decr

    /// Classic incr/decr and meta ma. The value must be a decimal u64 (memcached's strtoull rules); incr
    /// wraps mod 2^64, decr clamps at 0; a result not longer than the old value is written in place,
    /// right-padded with spaces, else a new item is stored. Either way the item gets a new CAS and loses
    /// its stale and win bits.
    public func arithmetic(_ request: ArithmeticRequest, context: WorkerContext) -> ArithmeticOutcome {
        var report = ArithmeticReport()
        return arithmetic(request, context: context, report: &report)
    }

    /// `arithmetic(_:context:)` that also reports whether the counter was created and its expiry before
    /// `newExpiry` (meta `ma` needs both). A created counter gets the vivify TTL, then `newExpiry` if
    /// given (memcached applies ma's T after N). When the item's version is in `referencedVersions`, the
    /// result is written to a new item rather than in place (see `ArithmeticRequest.referencedVersions`).
    public func arithmetic(
        _ request: ArithmeticRequest, context: WorkerContext, report: inout ArithmeticReport
    ) -> ArithmeticOutcome {
        let key = request.key
        let missCounter: WorkerCounter = request.increment ? .incrMisses : .decrMisses
        guard isValidKey(key) else {
            context.count(missCounter)
            return .notFound
        }
        let hash = hashKey(key)
        let shard = shardIndex(hash)
        shards.lock(shard)
        defer { shards.unlock(shard) }
        let oldRef = findLive(key, hash: hash, shard: shard, context: context)
        guard oldRef != 0 else {
            guard let vivify = request.vivify else {
                context.count(missCounter)
                return .notFound
            }
            let digits = DecimalText.digitCount(vivify.initial)
            let newRef = allocateItem(
                key: key, valueLength: digits, clientFlags: 0, exptime: vivify.expiry,
                heldShard: shard, protect: 0)
            guard newRef != 0 else { return .outOfMemory }
            let new = item(newRef)
            DecimalText.write(vivify.initial, to: new.valuePointer)
            assignCAS(new, explicit: request.explicitNewCAS)
            if let newExpiry = request.newExpiry, !request.vivifyOverridesNewExpiry { new.exptime = newExpiry }
            link(newRef, new, hash: hash, shard: shard)
            report.created = true
            report.previousExpiry = vivify.expiry
            return .value(vivify.initial, cas: reportedCAS(new), expiry: new.exptime)
        }
        let old = item(oldRef)
        if old.valueLength == 0 || classOf(old) == largeClassID { return .nonNumeric }
        if request.compareCAS != 0 && request.compareCAS != reportedCAS(old) { return .exists }
        guard let current = DecimalText.parseUInt64(old.value) else { return .nonNumeric }
        let result: UInt64
        if request.increment {
            result = current &+ request.delta
        } else {
            result = request.delta > current ? 0 : current - request.delta
        }
        let digits = DecimalText.digitCount(result)
        report.previousExpiry = old.exptime
        let referenced = request.referencedVersions.contains(old.cas)
        let target: Item
        if digits <= old.valueLength && !referenced {
            // In place, right-padded with spaces (memcached: "99 " after decr 100 -> 99).
            DecimalText.write(result, to: old.valuePointer)
            if digits < old.valueLength {
                (old.valuePointer + digits).initializeMemory(
                    as: UInt8.self, repeating: 32,
                    count: old.valueLength - digits)
            }
            var bits = old.bits
            bits.remove(.stale)
            bits.remove(.tokenSent)
            old.bits = bits
            assignCAS(old, explicit: request.explicitNewCAS)
            refreshItem(oldRef, old)
            target = old
        } else {
            let newRef = allocateItem(
                key: key, valueLength: digits, clientFlags: old.clientFlags,
                exptime: old.exptime, heldShard: shard, protect: oldRef)
            guard newRef != 0 else { return .outOfMemory }
            let new = item(newRef)
            DecimalText.write(result, to: new.valuePointer)
            assignCAS(new, explicit: request.explicitNewCAS)
            replace(oldRef, old, with: newRef, new, hash: hash, shard: shard)
            target = new
        }
        if let newExpiry = request.newExpiry { target.exptime = newExpiry }
        context.count(request.increment ? .incrHits : .decrHits, classID: classOf(target))
        return .value(result, cas: reportedCAS(target), expiry: target.exptime)
    }

    // MARK: meta get

    /// Meta get: runs `body` under the item lock with a mutable handle, after an optional vivify.
    /// If the key is missing and `vivifyExpiry` is non-nil, atomically creates a 0-byte stub (flags 0,
    /// exptime 0 -- the caller applies N's TTL via the handle, in flag order), links it (fresh CAS) and
    /// passes it with `handle.wasCreated == true`; `vivifyCAS` (mg `E`, non-zero) becomes the stub's CAS.
    /// Counts as memcached 1.6.18 does for `kind` (see `MetaAccessKind`; a vivified miss counts as a
    /// hit). Neither marks the item fetched nor bumps it: the body decides (`markAccessed`).
    /// Returns nil on a miss (body not called).
    public func metaAccess<R>(
        _ key: UnsafeRawBufferPointer, vivifyExpiry: UInt32?, vivifyCAS: UInt64 = 0, kind: MetaAccessKind = .get,
        context: WorkerContext, _ body: (inout MetaItemHandle) -> R
    ) -> R? {
        guard isValidKey(key) else {
            countMetaMiss(kind, context: context)
            return nil
        }
        let hash = hashKey(key)
        let shard = shardIndex(hash)
        shards.lock(shard)
        defer { shards.unlock(shard) }
        var ref = findLive(key, hash: hash, shard: shard, context: context)
        var created = false
        if ref == 0 {
            if vivifyExpiry != nil {
                ref = allocateItem(key: key, valueLength: 0, clientFlags: 0, exptime: 0, heldShard: shard, protect: 0)
            }
            guard ref != 0 else {
                countMetaMiss(kind, context: context)
                return nil
            }
            let stub = item(ref)
            assignCAS(stub, explicit: vivifyCAS)
            link(ref, stub, hash: hash, shard: shard)
            created = true
        }
        let it = item(ref)
        switch kind {
        case .get:
            context.count(.cmdGet)
            context.countGetHit(classID: classOf(it), segment: it.segment)
        case .touch:
            context.countTouchHit(classID: classOf(it))
        case .debug:
            context.count(.cmdMeta)
        }
        var handle = MetaItemHandle(
            item: it, ref: ref, hash: hash, engine: self, context: context, lastAccess: it.time,
            wasFetchedBefore: it.bits.contains(.fetched), wasCreated: created)
        return body(&handle)
    }

    private func countMetaMiss(_ kind: MetaAccessKind, context: WorkerContext) {
        if kind == .debug {
            context.count(.cmdMeta)
        } else {
            context.count(.cmdGet)
            context.count(.getMisses)
        }
    }
}
