// ExpiryCrawler: the background thread that ticks the clock each second (when asked) and crawls the hash
// table to free expired and flushed items, a few shards every 50 ms (the whole table every 4 s).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// The running maintenance thread, if any. Guarded by `CacheEngine.maintenance`.
struct MaintenanceState {
    var thread: pthread_t? = nil
}

/// What the maintenance thread needs; passed through pthread_create's argument.
private final class MaintenanceArguments {
    unowned(unsafe) let engine: CacheEngine
    let tickClock: Bool

    init(engine: CacheEngine, tickClock: Bool) {
        self.engine = engine
        self.tickClock = tickClock
    }
}

extension CacheEngine {
    /// Starts the background maintenance thread (clock tick each second if requested, crawler freeing
    /// expired and flushed items when `lruCrawler` is on). Bounded: `stopMaintenance()` joins it, and
    /// the engine's deinit stops it too. A second call while running does nothing.
    public func startMaintenance(tickClock: Bool) {
        maintenance.withLock { state in
            guard state.thread == nil else { return }
            maintenanceStop.store(false, ordering: .relaxed)
            let arguments = Unmanaged.passRetained(MaintenanceArguments(engine: self, tickClock: tickClock))
            var thread = pthread_t()
            let result = pthread_create(
                &thread, nil,
                { raw in
                    let arguments = Unmanaged<MaintenanceArguments>.fromOpaque(raw!).takeRetainedValue()
                    arguments.engine.runMaintenance(tickClock: arguments.tickClock)
                    return nil
                }, arguments.toOpaque())
            if result == 0 {
                state.thread = thread
            } else {
                arguments.release()
            }
        }
    }

    /// Stops and joins the maintenance thread (no-op if it is not running).
    public func stopMaintenance() {
        maintenance.withLock { state in
            guard let thread = state.thread else { return }
            maintenanceStop.store(true, ordering: .relaxed)
            pthread_join(thread, nil)
            state.thread = nil
        }
    }

    private func runMaintenance(tickClock: Bool) {
        // A full crawl every 4 seconds, spread evenly over 50 ms steps: a few shards at a time, so the
        // crawler never takes the CPU (or a run of shard locks) from the workers for long.
        let stepsPerCrawl = 80
        let shardsPerStep = max(1, (shards.count + stepsPerCrawl - 1) / stepsPerCrawl)
        var cursor = 0
        var step = 0
        while !maintenanceStop.load(ordering: .relaxed) {
            var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
            nanosleep(&pause, nil)
            step += 1
            if step == 20 {  // one second
                step = 0
                if tickClock { clock.tick() }
            }
            if configuration.lruCrawler {
                for _ in 0..<shardsPerStep {
                    crawl(shard: cursor)
                    cursor = (cursor + 1) % shards.count
                }
            }
        }
    }

    /// Frees every expired or flushed item of one shard; returns how many.
    @discardableResult
    func crawl(shard: Int) -> Int {
        var reclaimed = 0
        var checked: UInt64 = 0
        shards.lock(shard)
        let now = clock.now
        forEachItem(inShard: shard) { ref, it in
            checked += 1
            guard isDead(it, now: now) else { return }
            removeFromTable(ref, hash: hashKey(it.key), shard: shard)
            let id = classOf(it)
            classes.lock(id)
            let c = classes.state(id)
            c.pointee.crawlerReclaimed += 1
            unlinkFromClass(ref, it, c)
            classes.unlock(id)
            reclaimed += 1
        }
        shards.unlock(shard)
        crawlerItemsChecked.wrappingAdd(checked, ordering: .relaxed)
        return reclaimed
    }

    /// Crawls the whole table once (tests, and `lru_crawler crawl`); returns how many items were freed.
    @discardableResult
    func crawlAll() -> Int {
        (0..<shards.count).reduce(0) { $0 + crawl(shard: $1) }
    }
}
