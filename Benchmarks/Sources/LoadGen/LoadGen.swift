// Command-line entry point: parses options, connects, preloads the key space, runs the measured phase
// on N worker threads (each driving its share of the connections with epoll; closed loop, or open loop
// at a fixed rate with --rate), samples the server's CPU time exactly at the window edges, and prints a
// human summary plus one JSON line.
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How open-loop send times are spaced.
enum Arrivals: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Evenly spaced: one request every threads/rate seconds per thread.
    case uniform
    /// Poisson process: exponentially distributed gaps with the same mean.
    case poisson
}

/// `LoadGen`: a closed-loop or fixed-rate (open-loop) load generator for memcached-compatible servers.
@main
struct LoadGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "LoadGen",
        abstract: "Load generator for memcached-compatible servers (text protocol, TCP), closed or open loop.",
        discussion: """
            Connects --connections sockets spread over --threads threads. Before measuring, every key of \
            the key space is set once (unless --no-preload). Prints a summary and a final JSON line.

            Closed loop (default, --rate 0): each connection keeps --pipeline requests in flight; latency \
            runs from the moment a request is queued for writing. A faster server gets more requests.

            Open loop (--rate N): requests are scheduled at N per second in total (split evenly over the \
            threads; --arrivals uniform or poisson), whatever the server's speed. A due request goes out on \
            the next connection (round-robin) with fewer than --pipeline requests in flight, or waits in \
            the client queue. Latency runs from the request's scheduled time (wrk2-style correction for \
            coordinated omission), so queueing in the client counts. Reports the requests sent more \
            than 1 ms late and warns when the achieved rate is below 97% of N.
            """)

    @Option(help: "Server IPv4 address (loopback only unless --allow-remote).")
    var host = "127.0.0.1"

    @Option(help: "Server TCP port.")
    var port: Int

    @Flag(help: "Allow a server address outside 127.0.0.0/8.")
    var allowRemote = false

    @Option(help: "Number of connections.")
    var connections = 50

    @Option(help: "Client threads (each drives its share of the connections with epoll).")
    var threads = 1

    @Option(help: "Measured seconds (1...600).")
    var duration: Double = 5

    @Option(help: "Seconds of load before the measured window starts (0...60).")
    var warmup: Double = 1

    @Option(help: "Fraction of requests that are gets (the rest are sets), 0...1.")
    var getRatio: Double = 0.9

    @Option(help: "Value size in bytes.")
    var valueSize = 100

    @Option(help: "Key size in bytes (keys are `key:` plus a zero-padded index).")
    var keySize = 16

    @Option(help: "Number of distinct keys.")
    var keys = 100_000

    @Flag(inversion: .prefixedNo, help: "Set every key once before measuring.")
    var preload = true

    @Flag(help: "Only preload (no measured phase); used by the memory benchmark.")
    var preloadOnly = false

    @Option(help: "Requests in flight per connection while preloading.")
    var preloadDepth = 64

    @Option(help: "Requests in flight per connection while measuring (pipelining depth).")
    var pipeline = 1

    @Option(help: "Keys per get request (`get k1 ... kN`).")
    var multiget = 1

    @Option(help: "Open loop: requests per second over all connections and threads (0 = closed loop).")
    var rate: Double = 0

    @Option(help: "Open loop: spacing of send times, uniform or poisson.")
    var arrivals: Arrivals = .uniform

    @Option(help: ArgumentHelp(
        "Open loop: timer slack of the worker threads in ns (how late their timed waits may end).",
        discussion: "1 (default) makes send times precise; 0 keeps the kernel's default (normally 50 us), which "
            + "batches sends, costs less CPU and adds up to that much client delay to each latency."))
    var timerSlackNs = 1

    @Option(help: "PID of the server: its CPU time (/proc/PID/stat) is sampled at the window edges.")
    var serverPid: Int32?

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "Seconds allowed for unanswered requests after the window closes.")
    var drainTimeout: Double = 3

    @Option(help: "Label copied into the JSON line.")
    var label = ""

    @Flag(help: "Print only the JSON line.")
    var json = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1...65535") }
        guard (1...10_000).contains(connections) else { throw ValidationError("--connections must be 1...10000") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1...64") }
        guard threads <= connections else { throw ValidationError("--threads must not exceed --connections") }
        guard duration >= 0.1 && duration <= 600 else { throw ValidationError("--duration must be 0.1...600") }
        guard warmup >= 0 && warmup <= 60 else { throw ValidationError("--warmup must be 0...60") }
        guard drainTimeout > 0 && drainTimeout <= 60 else { throw ValidationError("--drain-timeout must be 0...60") }
        guard (0...1).contains(getRatio) else { throw ValidationError("--get-ratio must be 0...1") }
        guard (1...1_048_000).contains(valueSize) else { throw ValidationError("--value-size must be 1...1048000") }
        guard (1...50_000_000).contains(keys) else { throw ValidationError("--keys must be 1...50000000") }
        let minimumKey = KeyTable.minimumKeySize(keyCount: keys)
        guard (minimumKey...250).contains(keySize) else {
            throw ValidationError("--key-size must be \(minimumKey)...250 for \(keys) keys")
        }
        guard (1...1024).contains(pipeline) else { throw ValidationError("--pipeline must be 1...1024") }
        guard (1...1024).contains(preloadDepth) else { throw ValidationError("--preload-depth must be 1...1024") }
        guard (1...1000).contains(multiget) else { throw ValidationError("--multiget must be 1...1000") }
        guard !(preloadOnly && !preload) else { throw ValidationError("--preload-only needs preloading") }
        guard rate.isFinite && rate >= 0 && rate <= 5_000_000 else {
            throw ValidationError("--rate must be 0 (closed loop) or at most 5000000 ops/s")
        }
        guard rate == 0 || rate >= Double(threads) else { throw ValidationError("--rate must be at least --threads") }
        guard rate > 0 || arrivals == .uniform else { throw ValidationError("--arrivals poisson needs --rate") }
        guard (0...1_000_000).contains(timerSlackNs) else {
            throw ValidationError("--timer-slack-ns must be 0...1000000")
        }
        if let pid = serverPid, ProcessCPUTime.sample(pid: pid) == nil {
            throw ValidationError("--server-pid \(pid): cannot read /proc/\(pid)/stat")
        }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { throw ValidationError("--host must be an IPv4 address") }
        guard allowRemote || UInt32(bigEndian: address.s_addr) >> 24 == 127 else {
            throw ValidationError("--host is not a loopback address; pass --allow-remote to mean it")
        }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let config = WorkloadConfig(
            keyCount: keys, keySize: keySize, valueSize: valueSize, getRatio: getRatio, multigetSize: multiget,
            pipelineDepth: pipeline, preloadDepth: preloadDepth, checkValueSize: true)
        let table = KeyTable(keyCount: keys, keySize: keySize, valueSize: valueSize)
        let workers = (0..<threads).map { Worker(id: $0, config: config, table: table, seed: seed) }

        var address = in_addr()
        _ = inet_pton(AF_INET, host, &address)
        for index in 0..<connections {
            switch Connection.connectTCP(address: address, port: UInt16(port)) {
            case .success(let fd): workers[index % threads].adopt(fd: fd)
            case .failure(let error):
                throw ValidationError("cannot connect to \(host):\(port): \(error)")
            }
        }

        var report = Report(label: label, options: self)

        if preload {
            let started = monotonicNanos()
            let serverBefore = serverPid.flatMap { ProcessCPUTime.sample(pid: $0) }
            // Split the key space into one contiguous range per thread.
            let phases = (0..<threads).map { index -> Phase in
                let lower = keys * index / threads
                let upper = keys * (index + 1) / threads
                return Phase(
                    preloadRange: lower..<upper, depth: preloadDepth, issueUntil: .max, windowStart: 0,
                    windowEnd: .max, hardDeadline: started + 300_000_000_000)
            }
            runPhase(workers, phases)
            let elapsed = monotonicNanos() - started
            let serverAfter = serverPid.flatMap { ProcessCPUTime.sample(pid: $0) }
            var counters = Counters()
            for worker in workers { counters.add(worker.counters) }
            report.setPreload(counters: counters, nanos: elapsed, serverBefore: serverBefore, serverAfter: serverAfter)
            for worker in workers {
                worker.counters = Counters()
                worker.histogram = makeLatencyHistogram()
            }
            if counters.stored != UInt64(keys) {
                printError("preload stored \(counters.stored) of \(keys) keys")
            }
        }

        if !preloadOnly {
            // Open loop: the schedules start 1 ms from now, once the worker threads are running.
            let scheduleStart = monotonicNanos() + (rate > 0 ? 1_000_000 : 0)
            let windowStart = scheduleStart + UInt64(warmup * 1e9)
            let windowEnd = windowStart + UInt64(duration * 1e9)
            let phase = Phase(
                preloadRange: nil, depth: pipeline, issueUntil: windowEnd, windowStart: windowStart,
                windowEnd: windowEnd, hardDeadline: windowEnd + UInt64(drainTimeout * 1e9),
                rate: rate, poisson: arrivals == .poisson, workerCount: threads, scheduleStart: scheduleStart,
                timerSlackNanos: timerSlackNs)
            // The main thread samples CPU times at the window edges while the workers run.
            let threadsDone = (0..<threads).map { index in
                let worker = workers[index]
                return OSThread { worker.run(phase) }
            }
            sleepUntil(windowStart)
            let serverBefore = serverPid.flatMap { ProcessCPUTime.sample(pid: $0) }
            let clientBefore = ownCPUMicros()
            sleepUntil(windowEnd)
            let serverAfter = serverPid.flatMap { ProcessCPUTime.sample(pid: $0) }
            let clientAfter = ownCPUMicros()
            for thread in threadsDone { thread.join() }
            var counters = Counters()
            var histogram = makeLatencyHistogram()
            for worker in workers {
                counters.add(worker.counters)
                histogram.add(worker.histogram)
            }
            report.setMeasurement(
                counters: counters, histogram: histogram, nanos: windowEnd - windowStart,
                serverBefore: serverBefore, serverAfter: serverAfter, clientMicros: clientAfter - clientBefore)
        }
        report.liveConnections = workers.reduce(0) { $0 + $1.liveConnections }

        if !json { print(report.text()) }
        if json, let warning = report.rateWarning { printError("warning: " + warning) }
        print(report.jsonLine())
        if report.errors > 0 { throw ExitCode(2) }
    }

    /// Runs one phase per worker, each on its own thread, and waits for all of them.
    private func runPhase(_ workers: [Worker], _ phases: [Phase]) {
        let threads = zip(workers, phases).map { worker, phase in OSThread { worker.run(phase) } }
        for thread in threads { thread.join() }
    }
}
