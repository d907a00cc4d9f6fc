// SignalHandling: clean stops on SIGINT/SIGTERM (and memcached's graceful SIGUSR1). The signals are
// blocked in every thread and one dedicated thread waits for them with sigwait(2), so no code runs in
// async-signal context. SIGHUP and SIGPIPE are ignored, as memcached ignores them; SIGUSR2 keeps its
// default action (the process is killed), as in memcached 1.6.18.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension CacheServer {
    /// The signals that stop the server.
    public static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGUSR1]

    /// Blocks the termination signals in the calling thread and every thread it starts afterwards.
    /// Call first thing in `main`, before any thread exists; ignores SIGPIPE and SIGHUP too (a closed
    /// terminal or a log-rotation `kill -HUP` must not stop a cache).
    public static func blockTerminationSignals() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        for sig in terminationSignals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// The signal that stopped the server (0: none, or stopped another way).
    public var stopSignal: Int32 { stopSignalReceived.load(ordering: .relaxed) }

    /// Starts a thread that waits for a termination signal and then calls ``requestStop()``.
    /// Requires ``blockTerminationSignals()`` to have run first.
    public func stopOnTerminationSignals() throws(ServerError) {
        _ = try PosixThread(name: "mc-signals") { [self] in
            var set = sigset_t()
            sigemptyset(&set)
            for sig in CacheServer.terminationSignals { sigaddset(&set, sig) }
            var received: Int32 = 0
            while sigwait(&set, &received) == 0 {
                ServerLog.log(1, "Signal handled: \(String(cString: strsignal(received))).")
                // memcached announces its graceful stop at any verbosity.
                if received == SIGUSR1 { ServerLog.writeStderr("Gracefully stopping\n") }
                self.stopSignalReceived.store(received, ordering: .relaxed)
                self.requestStop()
                return
            }
        }
    }
}
