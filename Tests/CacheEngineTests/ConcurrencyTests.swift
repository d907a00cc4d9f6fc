// ConcurrencyTests: CAS uniqueness across threads, a randomized multi-threaded workload with eviction,
// expiry and a model per thread (no dead or foreign value is ever returned), and a single-threaded run
// compared operation by operation with a dictionary model. Scale with ENGINE_STRESS_OPS (default 4M).
import Testing

@testable import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

private func stressOperations() -> Int {
    if let text = getenv("ENGINE_STRESS_OPS"), let value = Int(String(cString: text)), value > 0 { return value }
    return 4_000_000
}

@Suite struct ConcurrencyTests {
    @Test func casIsUniqueAndIncreasingAcrossThreads() {
        let h = Harness()
        let threads = 4
        let perThread = 20_000
        let seen = Results<[UInt64]>(threads, [])
        runConcurrently(threads: threads) { t in
            let context = h.engine.makeWorkerContext()
            var random = TestRandom(seed: UInt64(t + 1))
            var list: [UInt64] = []
            list.reserveCapacity(perThread * 2)
            for _ in 0..<perThread {
                let key = "k\(random.below(100))"
                list.append(h.store(.set, key, "v", context: context).cas)
                if case .value(_, let cas, _) = Array(key.utf8).withUnsafeBytes({
                    h.engine.arithmetic(ArithmeticRequest(key: $0, increment: true, delta: 1), context: context)
                }) {
                    list.append(cas)
                }
            }
            seen[t] = list
        }
        var all = Set<UInt64>()
        var total = 0
        for list in seen.values {
            #expect(zip(list, list.dropFirst()).allSatisfy { $0 < $1 })
            total += list.count
            all.formUnion(list)
        }
        #expect(all.count == total)
        #expect(!all.contains(0))
    }

    @Test func randomizedMultiThreadedWorkloadKeepsInvariants() {
        let h = Harness {
            $0.memoryLimit = 4 << 20
            $0.slabPageSize = 64 << 10
            $0.itemSizeMax = 256 << 10
            $0.hashPowerInitial = 10
        }
        // The LRU maintainer runs, as in the server: it keeps COLD stocked so workers rarely pull inline.
        h.engine.startMaintenance(tickClock: false)
        let threads = 4
        let perThread = stressOperations() / threads
        let failures = Results<[String]>(threads, [])
        runConcurrently(threads: threads) { t in
            let context = h.engine.makeWorkerContext()
            var random = TestRandom(seed: UInt64(1000 + t))
            let keyCount = 3000
            // Keys owned by this thread: "t<thread>-<index>", fixed width.
            let keys: [[UInt8]] = (0..<keyCount).map { Array("t\(t)-\(100_000 + $0)".utf8) }
            // Model per key: what this thread last stored. A value is <op: 8 bytes><fill...> plus appended
            // "+" bytes; stamp 0 = absent.
            var stamp = [UInt64](repeating: 0, count: keyCount)
            var baseLength = [Int](repeating: 0, count: keyCount)
            var appended = [Int](repeating: 0, count: keyCount)
            var expiry = [UInt32](repeating: 0, count: keyCount)
            var unknown = [Bool](repeating: false, count: keyCount)
            var buffer = [UInt8](repeating: 0, count: 128 << 10)
            let plus: [UInt8] = [UInt8(ascii: "+")]
            var problems: [String] = []
            for op in 1...perThread {
                if t == 0 && op % 20_000 == 0 { h.clock.advance(by: 1) }
                let k = random.below(keyCount)
                let roll = random.below(100)
                let now = h.clock.now
                keys[k].withUnsafeBytes { key in
                    if roll < 45 {
                        let seen = h.engine.get(key, touch: nil, context: context) { view -> (UInt64, Int, Bool) in
                            guard view.value.count >= 8 else { return (0, view.value.count, false) }
                            let found = view.value.loadUnaligned(as: UInt64.self)
                            let length = view.value.count
                            let tailOK = (0..<min(appended[k], length)).allSatisfy {
                                view.value[length - 1 - $0] == UInt8(ascii: "+")
                            }
                            return (found, length, tailOK)
                        }
                        guard let seen, !unknown[k] else { return }
                        if stamp[k] == 0 {
                            problems.append("key \(k): got a value that was deleted")
                        } else if seen.0 != stamp[k] || seen.1 != baseLength[k] + appended[k] || !seen.2 {
                            problems.append("key \(k): wrong value")
                        } else if expiry[k] != 0 && expiry[k] <= now {
                            problems.append("key \(k): expired value returned")
                        }
                    } else if roll < 80 {
                        let length = 8 + (random.below(100) == 0 ? random.below(100_000) : random.below(300))
                        buffer.withUnsafeMutableBytes { raw in
                            raw.storeBytes(of: UInt64(op), as: UInt64.self)
                            let exp: UInt32 = random.below(4) == 0 ? now + UInt32(1 + random.below(5)) : 0
                            let out = h.engine.store(
                                StoreRequest(
                                    mode: .set, key: key, value: UnsafeRawBufferPointer(rebasing: raw[0..<length]),
                                    expiry: exp), context: context)
                            stamp[k] = out.result == .stored ? UInt64(op) : 0
                            unknown[k] = false
                            baseLength[k] = length
                            appended[k] = 0
                            expiry[k] = exp
                        }
                    } else if roll < 90 {
                        let outcome = h.engine.delete(DeleteRequest(key: key), context: context)
                        if outcome == .deleted && stamp[k] == 0 && !unknown[k] {
                            problems.append("key \(k): deleted an absent key")
                        }
                        stamp[k] = 0
                        unknown[k] = false
                    } else if roll < 95 {
                        let out = plus.withUnsafeBytes {
                            h.engine.store(StoreRequest(mode: .append, key: key, value: $0), context: context)
                        }
                        if out.result == .stored {
                            if stamp[k] == 0 && !unknown[k] { problems.append("key \(k): appended to an absent key") }
                            appended[k] += 1
                        } else {
                            // Absent (evicted, expired), or out of memory for the longer value, which keeps
                            // the old item as memcached does: unknown until the next set or delete.
                            unknown[k] = stamp[k] != 0
                            stamp[k] = 0
                        }
                    } else {
                        let found = h.engine.metaAccess(key, vivifyExpiry: nil, context: context) { handle in
                            handle.value.count >= 8 ? handle.value.loadUnaligned(as: UInt64.self) : 0
                        }
                        if let found, found != stamp[k], !unknown[k] { problems.append("key \(k): meta wrong value") }
                    }
                }
                if problems.count > 20 { break }
            }
            failures[t] = problems
        }
        h.engine.stopMaintenance()
        for problems in failures.values { #expect(problems == []) }
        #expect(h.engine.verifyInvariants() == [])
        let memory = h.engine.memoryInUse()
        #expect((memory.pages - memory.lenientPages) * (64 << 10) + memory.largeBytes <= 4 << 20)
        let stats = h.stats
        #expect(stats.evictions > 0)
        #expect(stats.getHits > UInt64(perThread / 10))
        #expect(stats.cmdGet + stats.cmdSet > UInt64(perThread * threads / 2))
    }

    @Test func singleThreadMatchesDictionaryModel() {
        let h = Harness { $0.memoryLimit = 256 << 20 }
        struct Entry {
            var value: String
            var flags: UInt32
            var expiry: UInt32
            var cas: UInt64
        }
        var model = [String: Entry]()
        var random = TestRandom(seed: 42)
        let operations = max(50_000, stressOperations() / 8)
        func live(_ key: String) -> Entry? {
            guard let entry = model[key] else { return nil }
            if entry.expiry != 0 && entry.expiry <= h.clock.now {
                model[key] = nil
                return nil
            }
            return entry
        }
        var mismatches = 0
        for op in 0..<operations {
            let key = "key\(random.below(500))"
            let flags = UInt32(random.below(3))
            let expiry: UInt32 = random.below(5) == 0 ? h.clock.now + UInt32(1 + random.below(3)) : 0
            let value = String(repeating: "v", count: random.below(50)) + "\(op)"
            let expected = live(key)
            switch random.below(13) {
            case 0, 1:
                let out = h.store(.set, key, value, flags: flags, expiry: expiry)
                model[key] = Entry(value: value, flags: flags, expiry: expiry, cas: out.cas)
            case 2:
                let out = h.store(.add, key, value, flags: flags, expiry: expiry)
                if expected == nil {
                    if out.result != .stored { mismatches += 1 }
                    model[key] = Entry(value: value, flags: flags, expiry: expiry, cas: out.cas)
                } else if out.result != .notStored {
                    mismatches += 1
                }
            case 3:
                let out = h.store(.replace, key, value, flags: flags, expiry: expiry)
                if expected != nil {
                    if out.result != .stored { mismatches += 1 }
                    model[key] = Entry(value: value, flags: flags, expiry: expiry, cas: out.cas)
                } else if out.result != .notStored {
                    mismatches += 1
                }
            case 4:
                let append = random.below(2) == 0
                let out = h.store(append ? .append : .prepend, key, value)
                if var entry = expected {
                    if out.result != .stored { mismatches += 1 }
                    entry.value = append ? entry.value + value : value + entry.value
                    entry.cas = out.cas
                    model[key] = entry
                } else if out.result != .notStored {
                    mismatches += 1
                }
            case 5:
                let useRight = random.below(2) == 0
                let compare = useRight ? (expected?.cas ?? 1) : UInt64(random.below(1000) + 1)
                let out = h.store(.set, key, value, flags: flags, expiry: expiry, compareCAS: compare, classicCAS: true)
                if let entry = expected {
                    if entry.cas == compare {
                        if out.result != .stored { mismatches += 1 }
                        model[key] = Entry(value: value, flags: flags, expiry: expiry, cas: out.cas)
                    } else if out.result != .exists {
                        mismatches += 1
                    }
                } else if out.result != .notFound {
                    mismatches += 1
                }
            case 6:
                let outcome = h.delete(key)
                if (outcome == .deleted) != (expected != nil) { mismatches += 1 }
                model[key] = nil
            case 7:
                let ok = h.touch(key, expiry)
                if ok != (expected != nil) { mismatches += 1 }
                if ok { model[key]!.expiry = expiry }
            case 8:
                let out = h.arithmetic(key, incr: random.below(2) == 0, UInt64(random.below(10)))
                if var entry = expected {
                    switch out {
                    case .value(_, let cas, _):
                        entry.value = h.value(key)!
                        entry.cas = cas
                        model[key] = entry
                    case .nonNumeric: break
                    default: mismatches += 1
                    }
                } else if out != .notFound {
                    mismatches += 1
                }
            case 9:
                if random.below(50) == 0 {
                    h.engine.flushAll(delay: 0, context: h.context)
                    model.removeAll()
                }
            case 10:
                if random.below(10) == 0 { h.clock.advance(by: 1) }
            case 11:
                h.store(.set, key, "\(random.below(1000))", flags: flags, expiry: expiry)
                model[key] = Entry(value: h.value(key)!, flags: flags, expiry: expiry, cas: h.get(key)!.cas)
            default:
                break
            }
            // Every operation is followed by a read compared with the model.
            let hit = h.get(key)
            let now = live(key)
            if let hit, let now {
                if hit.value != now.value || hit.flags != now.flags || hit.cas != now.cas { mismatches += 1 }
            } else if (hit == nil) != (now == nil) {
                mismatches += 1
            }
            if mismatches > 0 {
                Issue.record("model mismatch at operation \(op) on \(key)")
                break
            }
        }
        #expect(mismatches == 0)
        #expect(h.engine.verifyInvariants() == [])
        #expect(h.stats.evictions == 0)
    }
}
