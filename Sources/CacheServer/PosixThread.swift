// PosixThread: starts and joins plain pthreads. Each server thread (listener, workers) runs its own
// event loop; Foundation's Thread is avoided because it fights strict concurrency.
import CacheEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A joinable POSIX thread running one closure.
///
/// The closure travels to the new thread in an `Unmanaged` box that the thread releases itself, so the
/// thread start does not depend on any Swift concurrency machinery.
final class PosixThread: @unchecked Sendable {
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private var handle: pthread_t
    private var joined = false
    /// Name for diagnostics.
    let name: String

    /// Starts `body` on a new thread; `name` is for diagnostics.
    init(name: String, _ body: @escaping @Sendable () -> Void) throws(ServerError) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(
            &tid, nil,
            { arg in
                let box = Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw ServerError.system("pthread_create", rc)
        }
        nameThread(tid, name)
        handle = tid
        self.name = name
    }

    /// Waits for the thread to finish. Call once, from a different thread.
    func join() {
        guard !joined else { return }
        joined = true
        pthread_join(handle, nil)
    }

    /// True when called on this thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), handle) != 0 }
}
