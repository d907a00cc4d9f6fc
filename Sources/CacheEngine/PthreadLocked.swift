// PthreadLocked: a value guarded by a pthread mutex, for cold-path shared state: the engine's (worker
// registry, flush, background threads, crawler requests, automove window, prefix table) and the server's
// (connection registry, accept queues, lifecycle, runtime settings).
//
// Why not Synchronization.Mutex: on Linux the standard library's Mutex is built on futexes inside the
// uninstrumented stdlib, so ThreadSanitizer cannot see its acquire/release and reports the guarded
// accesses as races. A pthread mutex is intercepted by TSan, which keeps `swift test --sanitize=thread`
// meaningful. None of these locks is on the per-request path.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value of type `Value` that is only reachable through `withLock`, under a pthread mutex.
public final class PthreadLocked<Value>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(&value)
    }
}
