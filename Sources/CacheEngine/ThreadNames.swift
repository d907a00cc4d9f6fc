// ThreadNames: gives the server's and the engine's threads memcached's names (mc-worker, mc-listener,
// mc-lrumaint, mc-itemcrawler, mc-slabmaint), so `top -H`, `ps -L` and profilers tell them apart.
#if canImport(Glibc)
    import Glibc

    // glibc declares pthread_setname_np only under _GNU_SOURCE, which the Glibc module does not see.
    @_silgen_name("pthread_setname_np")
    private func setThreadName(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Names `thread` (Linux keeps the first 15 bytes). Elsewhere a no-op.
public func nameThread(_ thread: pthread_t, _ name: String) {
    #if canImport(Glibc)
        _ = setThreadName(thread, String(decoding: name.utf8.prefix(15), as: UTF8.self))
    #endif
}
