// MemoryPolicy: the memory-policy settings that can change while the engine runs (memcached's `lru tune`,
// `lru mode`, `lru temp_ttl`, `lru_crawler sleep|tocrawl|enable|disable`), stored as atomics read with
// relaxed ordering where the request path or the background threads need them, and the engine's public
// API to read and change them. `stats settings` reports from here, so it always shows what the engine does.
import Synchronization

/// The live memory-policy settings. Each field is one atomic: readers may see a change one request late,
/// which is all memcached guarantees too.
final class LRUPolicy: Sendable {
    /// Segmented (HOT/WARM/COLD) or flat (everything in COLD) LRU.
    let segmented: Atomic<Bool>
    let hotPercent: Atomic<Int>
    let warmPercent: Atomic<Int>
    /// Bit patterns of the Double factors.
    let hotMaxFactorBits: Atomic<UInt64>
    let warmMaxFactorBits: Atomic<UInt64>
    let tempLRU: Atomic<Bool>
    let temporaryTTL: Atomic<UInt32>
    /// The LRU crawler accepts work (`lru_crawler enable|disable`).
    let crawlerEnabled: Atomic<Bool>
    /// Microseconds the crawler sleeps every 1,000 items it checks.
    let crawlerSleep: Atomic<Int>
    /// Items a crawl checks per class at most (0 = all).
    let crawlerToCrawl: Atomic<Int>

    init(_ c: EngineConfiguration) {
        segmented = Atomic(c.lruSegmented)
        hotPercent = Atomic(c.hotLRUPercent)
        warmPercent = Atomic(c.warmLRUPercent)
        hotMaxFactorBits = Atomic(c.hotMaxFactor.bitPattern)
        warmMaxFactorBits = Atomic(c.warmMaxFactor.bitPattern)
        tempLRU = Atomic(c.temporaryLRU)
        temporaryTTL = Atomic(c.temporaryTTL)
        crawlerEnabled = Atomic(c.lruCrawler)
        crawlerSleep = Atomic(c.lruCrawlerSleep)
        crawlerToCrawl = Atomic(c.lruCrawlerToCrawl)
    }

    var hotMaxFactor: Double { Double(bitPattern: hotMaxFactorBits.load(ordering: .relaxed)) }
    var warmMaxFactor: Double { Double(bitPattern: warmMaxFactorBits.load(ordering: .relaxed)) }
}

/// The memory-policy settings in force, for `stats settings`.
public struct MemoryPolicySettings: Sendable, Equatable {
    public var lruMaintainer: Bool
    public var lruSegmented: Bool
    public var hotLRUPercent: Int
    public var warmLRUPercent: Int
    public var hotMaxFactor: Double
    public var warmMaxFactor: Double
    public var temporaryLRU: Bool
    public var temporaryTTL: UInt32
    public var lruCrawler: Bool
    public var lruCrawlerSleep: Int
    public var lruCrawlerToCrawl: Int
}

/// Why an `lru` change was refused (memcached's replies).
public enum LRUSettingError: Error, Sendable, Equatable {
    /// `lru mode` / `lru temp_ttl` without the maintainer thread: memcached answers `ERROR`.
    case maintainerNotRunning
    /// hot + warm above 80.
    case percentagesTooHigh
    /// A factor of 0 or less.
    case factorNotPositive
}

extension CacheEngine {
    /// The memory-policy settings in force.
    public var memoryPolicySettings: MemoryPolicySettings {
        MemoryPolicySettings(
            lruMaintainer: configuration.lruMaintainer,
            lruSegmented: policy.segmented.load(ordering: .relaxed),
            hotLRUPercent: policy.hotPercent.load(ordering: .relaxed),
            warmLRUPercent: policy.warmPercent.load(ordering: .relaxed),
            hotMaxFactor: policy.hotMaxFactor, warmMaxFactor: policy.warmMaxFactor,
            temporaryLRU: policy.tempLRU.load(ordering: .relaxed),
            temporaryTTL: policy.temporaryTTL.load(ordering: .relaxed),
            lruCrawler: policy.crawlerEnabled.load(ordering: .relaxed),
            lruCrawlerSleep: policy.crawlerSleep.load(ordering: .relaxed),
            lruCrawlerToCrawl: policy.crawlerToCrawl.load(ordering: .relaxed))
    }

    /// `lru tune <hot%> <warm%> <hot max factor> <warm max factor>`: the segment limits the maintainer
    /// and the tail pulls use from now on.
    public func tuneLRU(
        hotPercent: Int, warmPercent: Int, hotMaxFactor: Double, warmMaxFactor: Double
    ) throws(LRUSettingError) {
        guard hotPercent >= 0, warmPercent >= 0, hotPercent + warmPercent <= 80 else { throw .percentagesTooHigh }
        guard hotMaxFactor > 0, warmMaxFactor > 0 else { throw .factorNotPositive }
        policy.hotPercent.store(hotPercent, ordering: .relaxed)
        policy.warmPercent.store(warmPercent, ordering: .relaxed)
        policy.hotMaxFactorBits.store(hotMaxFactor.bitPattern, ordering: .relaxed)
        policy.warmMaxFactorBits.store(warmMaxFactor.bitPattern, ordering: .relaxed)
    }

    /// `lru mode flat|segmented`. Flat: new items go to COLD and hits bump at most once a minute; the
    /// maintainer drains HOT and WARM into COLD. Needs the maintainer (as in memcached).
    public func setLRUMode(segmented: Bool) throws(LRUSettingError) {
        guard configuration.lruMaintainer else { throw .maintainerNotRunning }
        policy.segmented.store(segmented, ordering: .relaxed)
    }

    /// `lru temp_ttl <ttl>`: a negative ttl turns the TEMP segment off (keeping the old ttl), any other
    /// value turns it on with that ttl. Needs the maintainer (as in memcached).
    public func setTemporaryTTL(_ ttl: Int) throws(LRUSettingError) {
        guard configuration.lruMaintainer else { throw .maintainerNotRunning }
        if ttl < 0 {
            policy.tempLRU.store(false, ordering: .relaxed)
        } else {
            policy.temporaryTTL.store(UInt32(truncatingIfNeeded: ttl), ordering: .relaxed)
            policy.tempLRU.store(true, ordering: .relaxed)
        }
    }

    /// `lru_crawler sleep <µs>`.
    public func setCrawlerSleep(microseconds: Int) {
        policy.crawlerSleep.store(microseconds, ordering: .relaxed)
    }

    /// `lru_crawler tocrawl <n>`.
    public func setCrawlerItemsPerClass(_ items: Int) {
        policy.crawlerToCrawl.store(items, ordering: .relaxed)
    }
}
