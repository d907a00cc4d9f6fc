// Maintenance: the background thread that ticks the clock each second (when asked) and crawls the hash
// table to free expired and flushed items, a slice of the shards per second.
import Glibc
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
        let shardsPerTick = max(1, shards.count / 4)  // a full crawl every 4 seconds
        var cursor = 0
        while true {
            // Sleep one second in 50 ms steps so stopMaintenance() returns quickly.
            for _ in 0..<20 {
                if maintenanceStop.load(ordering: .relaxed) { return }
                var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
                nanosleep(&pause, nil)
            }
            if tickClock { clock.tick() }
            if configuration.lruCrawler {
                for _ in 0..<shardsPerTick {
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
