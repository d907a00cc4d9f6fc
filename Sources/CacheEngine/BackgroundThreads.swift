// BackgroundThreads: starting and stopping the engine's background threads (the LRU maintainer in
// LRUMaintainer.swift, the LRU crawler in LRUCrawler.swift) and the sleeper they wait on, which a stop or
// new work wakes at once, so neither thread polls and stopping never waits out a sleep.
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The running background threads. Guarded by `CacheEngine.maintenance`.
struct MaintenanceState {
    var maintainer: pthread_t? = nil
    var crawler: pthread_t? = nil
}

/// A timed wait that another thread can cut short: `wake()` ends the current (or next) sleep early,
/// `stop()` ends it and every later one. A pthread mutex and condition variable on CLOCK_MONOTONIC.
final class ThreadSleeper: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    /// Guarded by `mutex`.
    private var woken = false
    private var stopped = false

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Sleeps up to `microseconds` (0 = until woken). Returns false once `stop()` was called.
    func sleep(microseconds: Int) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if !woken && !stopped {
            if microseconds <= 0 {
                pthread_cond_wait(condition, mutex)
            } else {
                var deadline = timespec()
                clock_gettime(CLOCK_MONOTONIC, &deadline)
                let nanos = deadline.tv_nsec + (microseconds % 1_000_000) * 1000
                deadline.tv_sec += microseconds / 1_000_000 + nanos / 1_000_000_000
                deadline.tv_nsec = nanos % 1_000_000_000
                while !woken && !stopped {
                    if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
                }
            }
        }
        woken = false
        return !stopped
    }

    /// Ends the current or next sleep early.
    func wake() {
        pthread_mutex_lock(mutex)
        woken = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Ends every sleep from now on.
    func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Allows sleeping again after a `stop()` (a restarted thread).
    func reset() {
        pthread_mutex_lock(mutex)
        stopped = false
        woken = false
        pthread_mutex_unlock(mutex)
    }
}

/// What a background thread needs; passed through pthread_create's argument.
private final class ThreadArguments {
    unowned(unsafe) let engine: CacheEngine
    let tickClock: Bool
    let body: @Sendable (CacheEngine, Bool) -> Void

    init(engine: CacheEngine, tickClock: Bool, body: @escaping @Sendable (CacheEngine, Bool) -> Void) {
        self.engine = engine
        self.tickClock = tickClock
        self.body = body
    }
}

extension CacheEngine {
    /// Starts the background threads: the LRU maintainer (which also advances the clock when
    /// `tickClock` is set, and juggles the LRU segments only with `lruMaintainer` configured) and the LRU
    /// crawler. Bounded: `stopMaintenance()` joins them, and the engine's deinit stops them too. A second
    /// call while they run does nothing.
    public func startMaintenance(tickClock: Bool) {
        maintenance.withLock { state in
            guard state.maintainer == nil else { return }
            maintainerSleeper.reset()
            crawler.sleeper.reset()
            state.maintainer = startThread(named: "mc-lrumaint", tickClock: tickClock) { engine, tick in
                engine.runMaintainer(tickClock: tick)
            }
            state.crawler = startThread(named: "mc-itemcrawler", tickClock: false) { engine, _ in engine.runCrawler() }
            threadsRunning.store(state.maintainer != nil, ordering: .relaxed)
        }
    }

    /// Stops and joins the background threads (no-op if they are not running). The threads are joined
    /// outside the `maintenance` lock: they may take it themselves (`backgroundThreadsRunning`).
    public func stopMaintenance() {
        let threads = maintenance.withLock { state -> MaintenanceState in
            defer { state = MaintenanceState() }
            threadsRunning.store(false, ordering: .relaxed)
            maintainerSleeper.stop()
            crawler.sleeper.stop()
            return state
        }
        if let thread = threads.maintainer { pthread_join(thread, nil) }
        if let thread = threads.crawler { pthread_join(thread, nil) }
    }

    /// Whether the background threads run (the maintainer's juggling also needs `lruMaintainer`).
    var backgroundThreadsRunning: Bool {
        threadsRunning.load(ordering: .relaxed)
    }

    /// Starts a background thread named as memcached names its own (`top -H`, `ps -L` show the name).
    private func startThread(
        named name: String, tickClock: Bool, _ body: @escaping @Sendable (CacheEngine, Bool) -> Void
    ) -> pthread_t? {
        let arguments = Unmanaged.passRetained(ThreadArguments(engine: self, tickClock: tickClock, body: body))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let arguments = Unmanaged<ThreadArguments>.fromOpaque(raw!).takeRetainedValue()
                arguments.body(arguments.engine, arguments.tickClock)
                return nil
            }, arguments.toOpaque())
        guard result == 0 else {
            arguments.release()
            return nil
        }
        nameThread(thread, name)
        return thread
    }
}
