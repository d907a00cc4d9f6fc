// SignalHandling: clean stops on SIGINT/SIGTERM (and memcached's graceful SIGUSR1), and SIGHUP. The
// signals are blocked in every thread and one dedicated thread waits for them with sigwait(2), so no code
// runs in async-signal context. SIGHUP never stops the server: with `-Y` it re-reads the authfile (as
// memcached does), otherwise nothing happens. SIGPIPE is ignored; SIGUSR2 keeps its default action (the
// process is killed), as in memcached 1.6.18.
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

    /// Blocks the termination signals and SIGHUP in the calling thread and every thread it starts
    /// afterwards (the signal thread takes them with sigwait). Call first thing in `main`, before any
    /// thread exists; ignores SIGPIPE too. A closed terminal or a log-rotation `kill -HUP` must not stop
    /// a cache: SIGHUP is ignored until the signal thread runs, and only reloads credentials after.
    public static func blockTerminationSignals() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        for sig in terminationSignals + [SIGHUP] { sigaddset(&set, sig) }
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
            for sig in CacheServer.terminationSignals + [SIGHUP] { sigaddset(&set, sig) }
            var received: Int32 = 0
            while sigwait(&set, &received) == 0 {
                if received == SIGHUP {
                    if self.protocolSettings.credentials != nil, let why = self.reloadCredentials() {
                        ServerLog.writeStderr("authfile not reloaded, keeping the previous users: \(why)\n")
                    }
                    continue
                }
                // memcached announces its graceful stop at any verbosity (and "Exiting normally" at -v
                // once stopped, which the executable prints).
                if received == SIGUSR1 { ServerLog.writeStderr("Gracefully stopping\n") }
                self.stopSignalReceived.store(received, ordering: .relaxed)
                self.requestStop()
                return
            }
        }
    }
}
