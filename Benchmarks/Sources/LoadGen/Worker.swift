// A worker thread's event loop: it owns a share of the connections, parses and checks every response
// (hits, misses, errors, key order, value size) and records the latency of each completed request in
// its own HDR histogram. Closed loop (the default) keeps each connection's pipeline full; open loop
// (`--rate`) sends requests at scheduled times and times them from those times (see `runOpenLoop`).
// Workers share nothing mutable, so the measuring path has no locks, no allocation and no Foundation.
import CLoadGenSupport
import Histogram

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Counts kept by one worker (and summed over workers for the report).
struct Counters: Sendable {
    /// Completed get requests (a multiget counts once) inside the measured window.
    var getRequests: UInt64 = 0
    /// Completed set requests inside the measured window.
    var setRequests: UInt64 = 0
    /// Keys asked for by the completed gets (multiget size x get requests).
    var keysRequested: UInt64 = 0
    var hits: UInt64 = 0
    var misses: UInt64 = 0
    var stored: UInt64 = 0
    /// `NOT_STORED` answers to set (should never happen for plain sets).
    var notStored: UInt64 = 0
    /// `SERVER_ERROR ...` answers (e.g. out of memory).
    var serverErrors: UInt64 = 0
    /// `ERROR` / `CLIENT_ERROR ...` answers: the server rejected a request this generator considers valid.
    var clientErrors: UInt64 = 0
    /// Responses that do not parse or do not match the request (wrong key, bad terminator...).
    /// The connection is dropped after one, because the stream can no longer be trusted.
    var protocolErrors: UInt64 = 0
    /// Hits whose value length differs from the configured value size.
    var valueSizeErrors: UInt64 = 0
    /// Connections lost: reset, closed by the server, or failed reads/writes.
    var connectionErrors: UInt64 = 0
    /// Requests still unanswered when the drain deadline passed.
    var timedOut: UInt64 = 0

    // Open loop (--rate) only; all three count requests whose scheduled time is inside the window.
    /// Requests scheduled inside the measured window.
    var scheduled: UInt64 = 0
    /// Of those, requests written more than 1 ms after their scheduled time (no free connection, or
    /// the client thread fell behind), or never written and more than 1 ms overdue when issuing stopped.
    var lateSends: UInt64 = 0
    /// Of those, requests never sent: still in the client queue when the window closed.
    var unsent: UInt64 = 0

    var requests: UInt64 { getRequests + setRequests }
    var errors: UInt64 {
        notStored + serverErrors + clientErrors + protocolErrors + valueSizeErrors + connectionErrors + timedOut
    }

    mutating func add(_ other: Counters) {
        getRequests += other.getRequests
        setRequests += other.setRequests
        keysRequested += other.keysRequested
        hits += other.hits
        misses += other.misses
        stored += other.stored
        notStored += other.notStored
        serverErrors += other.serverErrors
        clientErrors += other.clientErrors
        protocolErrors += other.protocolErrors
        valueSizeErrors += other.valueSizeErrors
        connectionErrors += other.connectionErrors
        timedOut += other.timedOut
        scheduled += other.scheduled
        lateSends += other.lateSends
        unsent += other.unsent
    }
}

/// Latency histogram type: nanoseconds, 3 significant digits, up to 100 s.
typealias LatencyHistogram = Histogram<UInt64>

func makeLatencyHistogram() -> LatencyHistogram {
    LatencyHistogram(
        lowestDiscernibleValue: 1, highestTrackableValue: 100_000_000_000, numberOfSignificantValueDigits: .three)
}

/// One phase for a worker: what to send and when to stop.
struct Phase: Sendable {
    /// Preload: set keys `preloadRange` once each, sequentially; otherwise the random get/set mix.
    var preloadRange: Range<Int>?
    /// Requests in flight per connection.
    var depth: Int
    /// Stop issuing new requests at this time (monotonic ns).
    var issueUntil: UInt64
    /// Only requests completing inside [windowStart, windowEnd] are counted and timed.
    var windowStart: UInt64
    var windowEnd: UInt64
    /// Give up on unanswered requests at this time.
    var hardDeadline: UInt64
    /// Open loop: total requests per second over all workers; 0 = closed loop.
    var rate: Double = 0
    /// Open loop: exponential gaps between send times (Poisson arrivals) instead of even spacing.
    var poisson = false
    /// Open loop: number of workers sharing `rate`, and the time (monotonic ns) the schedules start.
    var workerCount = 1
    var scheduleStart: UInt64 = 0
    /// Open loop: timer slack for the worker thread in ns (0 = leave the thread's default).
    var timerSlackNanos = 1
}

/// Requests sent more than this long after their scheduled time count as late sends.
let lateSendThresholdNanos: UInt64 = 1_000_000

/// A load generating thread and the connections it owns. Only its own thread touches it while a phase
/// runs; the main thread reads `counters` and `histogram` after joining it.
final class Worker: @unchecked Sendable {
    let id: Int
    let config: WorkloadConfig
    let table: KeyTable
    private(set) var connections: [Connection] = []
    private let epollFD: Int32
    private var events: UnsafeMutablePointer<epoll_event>
    private let maxEvents = 256

    var counters = Counters()
    var histogram = makeLatencyHistogram()
    private var random: FastRandom
    private var getThreshold: UInt64
    private var totalInFlight = 0
    /// Requests the live connections can still take before reaching the phase depth.
    private var freeCapacity = 0
    private var reportedProblems = 0

    // Open loop: the schedule of send times. `nextSend` is the scheduled time of the oldest request not
    // yet sent: every scheduled time <= now that is not sent yet is in the client queue.
    private var openLoop = false
    private var nextSend: UInt64 = 0
    /// Offset of `nextSend` from `phase.scheduleStart` in ns (a Double, so spacing never drifts).
    private var nextSendOffset = 0.0
    /// Index of `nextSend` in the schedule (uniform spacing computes times from it).
    private var sendIndex = 0.0
    /// Mean gap between this worker's send times, in ns, and where its schedule starts.
    private var sendInterval = 0.0
    private var sendPhaseShift = 0.0
    private var arrivalRandom: FastRandom
    /// Where the round-robin search for a connection with free pipeline capacity starts.
    private var roundRobin = 0
    /// epoll_pwait2 is missing (kernel < 5.11): waits fall back to millisecond epoll_wait timeouts.
    private var noPwait2 = false

    // Current phase.
    private var phase = Phase(depth: 1, issueUntil: 0, windowStart: 0, windowEnd: 0, hardDeadline: 0)
    private var issuing = false
    private var preloadNext = 0

    init(id: Int, config: WorkloadConfig, table: KeyTable, seed: UInt64) {
        self.id = id
        self.config = config
        self.table = table
        random = FastRandom(seed: seed &+ UInt64(id) &* 0x9E37_79B9_7F4A_7C15)
        arrivalRandom = FastRandom(seed: (seed ^ 0xA5A5_5A5A_C3C3_3C3C) &+ UInt64(id) &* 0xBF58_476D_1CE4_E5B9)
        getThreshold = config.getThreshold
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epollFD >= 0, "epoll_create1 failed")
        events = .allocate(capacity: maxEvents)
    }

    deinit {
        close(epollFD)
        events.deallocate()
    }

    /// Takes ownership of a connected non-blocking socket.
    func adopt(fd: Int32) {
        let connection = Connection(
            fd: fd, index: connections.count, depthCapacity: config.maxDepth, keysPerSlot: config.multigetSize,
            maxRequestSize: table.maxRequestSize(multigetSize: config.multigetSize), valueSize: config.valueSize)
        connections.append(connection)
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64(connection.index)
        epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
    }

    var liveConnections: Int { connections.reduce(0) { $0 + ($1.dead ? 0 : 1) } }

    /// Runs one phase to its end on the calling thread.
    func run(_ phase: Phase) {
        self.phase = phase
        issuing = true
        preloadNext = phase.preloadRange?.lowerBound ?? 0
        totalInFlight = 0
        freeCapacity = connections.reduce(0) { $0 + ($1.dead ? 0 : phase.depth) }
        openLoop = phase.rate > 0 && phase.preloadRange == nil
        if openLoop {
            runOpenLoop()
            return
        }
        for connection in connections where !connection.dead {
            issue(connection)
            flush(connection)
        }
        while true {
            let now = monotonicNanos()
            if issuing && phase.preloadRange == nil && now >= phase.issueUntil { issuing = false }
            if totalInFlight == 0 { break }
            if now >= phase.hardDeadline {
                abandonInFlight()
                break
            }
            let until = issuing && phase.preloadRange == nil ? phase.issueUntil : phase.hardDeadline
            let timeoutMs = Int32(min(100, (until - now) / 1_000_000 + 1))
            let n = epoll_wait(epollFD, events, Int32(maxEvents), timeoutMs)
            if n < 0 {
                if errno == EINTR { continue }
                report("epoll_wait failed: \(String(cString: strerror(errno)))")
                break
            }
            handleEvents(Int(n))
        }
    }

    /// Handles the `count` events epoll_wait just returned: responses in, pending requests out.
    private func handleEvents(_ count: Int) {
        for i in 0..<count {
            let event = events[i]
            let connection = connections[Int(event.data.u64)]
            if connection.dead { continue }
            if event.events & (EPOLLIN.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                readable(connection)
            }
            if !connection.dead && event.events & EPOLLOUT.rawValue != 0 {
                flush(connection)
            }
        }
    }

    /// The phase's hard deadline passed: count what is still in flight as timed out and drop those
    /// connections.
    private func abandonInFlight() {
        counters.timedOut += UInt64(totalInFlight)
        for connection in connections where !connection.dead && connection.inFlight > 0 {
            kill(connection, countAsError: false)
        }
    }

    // MARK: - Open loop

    /// Open loop (wrk2-style, corrected for coordinated omission): requests are due at scheduled times
    /// (this worker's share of `phase.rate`, evenly spaced or Poisson), whatever the server's speed.
    /// A due request goes out on the next connection (round-robin) with a free pipeline slot; when none
    /// has one it waits in the client queue. Its latency runs from its scheduled time, so time spent
    /// queued in the client counts. The thread sleeps in epoll_pwait2 until the next send time or a
    /// response (nanosecond timeout, timer slack 1 ns by default), and never spins.
    private func runOpenLoop() {
        // Worker i of n sends at start + (i + k n) / rate: the workers' schedules interleave evenly.
        sendInterval = Double(phase.workerCount) * 1e9 / phase.rate
        sendPhaseShift = Double(id) * 1e9 / phase.rate
        sendIndex = 0
        nextSendOffset = phase.poisson ? exponentialGap() : sendPhaseShift
        nextSend = phase.scheduleStart &+ UInt64(nextSendOffset)
        roundRobin = 0
        if phase.timerSlackNanos > 0 && !setTimerSlack(nanos: UInt(phase.timerSlackNanos)) {
            report("cannot set the timer slack: send times may be up to 50 us late")
        }
        var timeout = timespec()
        while true {
            let now = monotonicNanos()
            if issuing {
                sendDue(now: now)
                if now >= phase.issueUntil {
                    issuing = false
                    countUnsent(now: now)
                }
            }
            if !issuing && totalInFlight == 0 { break }
            if now >= phase.hardDeadline {
                abandonInFlight()
                break
            }
            // Sleep until the next send time (only useful when a connection can take it), a response,
            // the end of issuing or the drain deadline; at most 100 ms.
            var until = issuing ? phase.issueUntil : phase.hardDeadline
            if issuing && freeCapacity > 0 && nextSend < until { until = nextSend }
            let after = monotonicNanos()
            let wait = until > after ? min(until - after, 100_000_000) : 0
            let n: Int32
            if noPwait2 {
                n = epoll_wait(epollFD, events, Int32(maxEvents), Int32((wait + 999_999) / 1_000_000))
            } else {
                timeout.tv_sec = Int(wait / 1_000_000_000)
                timeout.tv_nsec = Int(wait % 1_000_000_000)
                n = epoll_pwait2(epollFD, events, Int32(maxEvents), &timeout, nil)
            }
            if n < 0 {
                let error = errno
                if error == EINTR { continue }
                if error == ENOSYS && !noPwait2 {
                    noPwait2 = true
                    report("epoll_pwait2 unavailable: pacing falls back to 1 ms epoll_wait timeouts")
                    continue
                }
                report("epoll_wait failed: \(String(cString: strerror(error)))")
                break
            }
            handleEvents(Int(n))
        }
    }

    /// Sends every request whose scheduled time is <= `now`, as long as a connection has a free slot.
    private func sendDue(now: UInt64) {
        while nextSend <= now && nextSend < phase.issueUntil && freeCapacity > 0 {
            let c = nextFreeConnection()
            compactOutput(c)
            appendRandomRequest(c, start: nextSend)
            if nextSend >= phase.windowStart && nextSend < phase.windowEnd {
                counters.scheduled += 1
                if now &- nextSend > lateSendThresholdNanos { counters.lateSends += 1 }
            }
            advanceSchedule()
            flush(c)
        }
    }

    /// The next live connection with a free pipeline slot, round-robin. Only called when one exists.
    @inline(__always)
    private func nextFreeConnection() -> Connection {
        let count = connections.count
        var index = roundRobin
        while true {
            let c = connections[index]
            index = index + 1 == count ? 0 : index + 1
            if !c.dead && c.inFlight < phase.depth {
                roundRobin = index
                return c
            }
        }
    }

    @inline(__always)
    private func advanceSchedule() {
        if phase.poisson {
            nextSendOffset += exponentialGap()
        } else {
            sendIndex += 1
            nextSendOffset = sendPhaseShift + sendIndex * sendInterval
        }
        nextSend = phase.scheduleStart &+ UInt64(nextSendOffset)
    }

    /// A gap of a Poisson process with mean `sendInterval`: -ln(U) x mean, U uniform in (0, 1].
    @inline(__always)
    private func exponentialGap() -> Double {
        let u = Double((arrivalRandom.next() >> 11) + 1) * 0x1p-53
        return -log(u) * sendInterval
    }

    /// Issuing stopped at `now`: counts the requests scheduled inside the window that were never sent
    /// (those already more than 1 ms overdue are late sends too).
    private func countUnsent(now: UInt64) {
        while nextSend < phase.issueUntil {
            if nextSend >= phase.windowStart && nextSend < phase.windowEnd {
                counters.scheduled += 1
                counters.unsent += 1
                if now &- nextSend > lateSendThresholdNanos { counters.lateSends += 1 }
            }
            advanceSchedule()
        }
    }

    // MARK: - Sending

    /// Moves the bytes not yet written to the front of the output buffer.
    @inline(__always)
    private func compactOutput(_ c: Connection) {
        if c.outSent > 0 {
            let pending = c.outCount - c.outSent
            if pending > 0 { memmove(c.out, c.out + c.outSent, pending) }
            c.outCount = pending
            c.outSent = 0
        }
    }

    /// Tops the connection's pipeline up to the phase depth (closed loop and preload).
    private func issue(_ c: Connection) {
        compactOutput(c)
        if !issuing || c.inFlight >= phase.depth { return }
        let now = monotonicNanos()
        while c.inFlight < phase.depth {
            if let range = phase.preloadRange {
                if preloadNext >= range.upperBound {
                    issuing = false
                    break
                }
                let slot = c.tail
                appendSet(c, key: preloadNext)
                c.slotKeys[slot * c.keysPerSlot] = Int32(preloadNext)
                c.kinds[slot] = .set
                preloadNext += 1
                c.startTimes[slot] = now
                c.inFlight += 1
                totalInFlight += 1
                freeCapacity -= 1
            } else {
                appendRandomRequest(c, start: now)
            }
        }
    }

    /// Appends one request of the get/set mix to `c` and puts it in flight, timed from `start`.
    /// The caller has checked that `c` has a free slot and compacted its output buffer.
    @inline(__always)
    private func appendRandomRequest(_ c: Connection, start: UInt64) {
        let slot = c.tail
        let slotKeys = c.slotKeys + slot * c.keysPerSlot
        if random.next() < getThreshold {
            c.append(byte: UInt8(ascii: "g"))
            c.append(byte: UInt8(ascii: "e"))
            c.append(byte: UInt8(ascii: "t"))
            for j in 0..<config.multigetSize {
                let key = random.next(below: table.keyCount)
                c.append(byte: UInt8(ascii: " "))
                c.append(table.key(key), table.keySize)
                slotKeys[j] = Int32(key)
            }
            c.append(byte: UInt8(ascii: "\r"))
            c.append(byte: UInt8(ascii: "\n"))
            c.kinds[slot] = .get
        } else {
            let key = random.next(below: table.keyCount)
            appendSet(c, key: key)
            slotKeys[0] = Int32(key)
            c.kinds[slot] = .set
        }
        c.startTimes[slot] = start
        c.inFlight += 1
        totalInFlight += 1
        freeCapacity -= 1
    }

    @inline(__always)
    private func appendSet(_ c: Connection, key: Int) {
        c.append(byte: UInt8(ascii: "s"))
        c.append(byte: UInt8(ascii: "e"))
        c.append(byte: UInt8(ascii: "t"))
        c.append(byte: UInt8(ascii: " "))
        c.append(table.key(key), table.keySize)
        table.setSuffix.withUnsafeBytes { c.append($0.baseAddress!, $0.count) }
        c.append(table.value, table.valueSize)
        c.append(byte: UInt8(ascii: "\r"))
        c.append(byte: UInt8(ascii: "\n"))
    }

    /// Writes as much pending output as the socket takes; waits for EPOLLOUT on a short write.
    private func flush(_ c: Connection) {
        while c.outSent < c.outCount {
            let n = write(c.fd, c.out + c.outSent, c.outCount - c.outSent)
            if n > 0 {
                c.outSent += n
                continue
            }
            let error = errno
            if n < 0 && error == EINTR { continue }
            if n < 0 && (error == EAGAIN || error == EWOULDBLOCK) {
                if !c.waitingForWritable {
                    setInterest(c, writable: true)
                }
                return
            }
            report("write failed: \(String(cString: strerror(error)))")
            kill(c, countAsError: true)
            return
        }
        c.outSent = 0
        c.outCount = 0
        if c.waitingForWritable { setInterest(c, writable: false) }
    }

    private func setInterest(_ c: Connection, writable: Bool) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        event.data.u64 = UInt64(c.index)
        epoll_ctl(epollFD, EPOLL_CTL_MOD, c.fd, &event)
        c.waitingForWritable = writable
    }

    // MARK: - Receiving

    private func readable(_ c: Connection) {
        c.reserveInput(16 * 1024)
        while true {
            let n = read(c.fd, c.input + c.inWrite, c.inCapacity - c.inWrite)
            if n > 0 {
                c.inWrite += n
                break
            }
            let error = errno
            if n < 0 && error == EINTR { continue }
            if n < 0 && (error == EAGAIN || error == EWOULDBLOCK) { return }
            report(n == 0 ? "server closed the connection" : "read failed: \(String(cString: strerror(error)))")
            kill(c, countAsError: true)
            return
        }
        let now = monotonicNanos()
        parseResponses(c, now: now)
        if openLoop {
            // Completions freed pipeline slots: send what the client queue holds (on any connection).
            if issuing { sendDue(now: now) }
            return
        }
        if c.dead { return }
        issue(c)
        flush(c)
    }

    /// Consumes every complete response (or complete part of one) in the input buffer.
    private func parseResponses(_ c: Connection, now: UInt64) {
        while c.inFlight > 0 {
            let start = c.input + c.inRead
            let available = c.inWrite - c.inRead
            guard let newline = memchr(start, Int32(UInt8(ascii: "\n")), available) else {
                if available > 4096 { protocolError(c, "no line terminator in 4096 bytes") }
                return
            }
            let lineLength = UnsafeRawPointer(newline) - UnsafeRawPointer(start) + 1
            let line = UnsafeRawBufferPointer(start: start, count: lineLength)
            let slot = c.head
            if c.kinds[slot] == .set {
                if Self.equals(line, "STORED\r\n") {
                    c.inRead += lineLength
                    complete(c, now: now, stored: true)
                } else if Self.equals(line, "NOT_STORED\r\n") {
                    c.inRead += lineLength
                    counters.notStored += 1
                    complete(c, now: now, stored: false)
                } else if !classifyErrorLine(c, line, now: now) {
                    protocolError(c, "unexpected answer to set")
                    return
                }
                continue
            }
            // A get: VALUE blocks for the hits, in request order, then END.
            if Self.equals(line, "END\r\n") {
                c.inRead += lineLength
                complete(c, now: now, stored: false)
                continue
            }
            if Self.hasPrefix(line, "VALUE ") {
                guard let blockLength = valueBlock(c, line: line) else { return }  // incomplete or error
                c.inRead += blockLength
                continue
            }
            if !classifyErrorLine(c, line, now: now) {
                protocolError(c, "unexpected answer to get")
                return
            }
        }
        if c.inWrite > c.inRead {
            protocolError(c, "\(c.inWrite - c.inRead) bytes received with no request in flight")
        }
    }

    /// Checks one `VALUE <key> <flags> <bytes>[ <cas>]\r\n<data>\r\n` block of the oldest get.
    /// Returns its length, or nil when it has not fully arrived (or was a protocol error, which kills `c`).
    private func valueBlock(_ c: Connection, line: UnsafeRawBufferPointer) -> Int? {
        let keySize = table.keySize
        let bytes = line.count - 2  // without "\r\n"
        var position = 6
        let keyStart = position
        while position < bytes && line[position] != UInt8(ascii: " ") { position += 1 }
        let keyLength = position - keyStart
        position += 1
        var flags: UInt64 = 0
        var flagDigits = 0
        while position < bytes, line[position] &- UInt8(ascii: "0") < 10 {
            flags = flags &* 10 &+ UInt64(line[position] &- UInt8(ascii: "0"))
            position += 1
            flagDigits += 1
        }
        guard flagDigits > 0, position < bytes, line[position] == UInt8(ascii: " ") else {
            protocolError(c, "malformed VALUE line")
            return nil
        }
        position += 1
        var dataLength = 0
        var lengthDigits = 0
        while position < bytes, line[position] &- UInt8(ascii: "0") < 10, lengthDigits < 10 {
            dataLength = dataLength &* 10 &+ Int(line[position] &- UInt8(ascii: "0"))
            position += 1
            lengthDigits += 1
        }
        guard lengthDigits > 0, position == bytes || line[position] == UInt8(ascii: " "),
            line[line.count - 2] == UInt8(ascii: "\r")
        else {
            protocolError(c, "malformed VALUE line")
            return nil
        }
        let blockLength = line.count + dataLength + 2
        if c.inWrite - c.inRead < blockLength {
            c.reserveInput(blockLength - (c.inWrite - c.inRead))
            return nil
        }
        let block = c.input + c.inRead
        guard block.load(fromByteOffset: line.count + dataLength, as: UInt8.self) == UInt8(ascii: "\r"),
            block.load(fromByteOffset: line.count + dataLength + 1, as: UInt8.self) == UInt8(ascii: "\n")
        else {
            protocolError(c, "value data not followed by \\r\\n")
            return nil
        }
        // Match the key against the ones asked for; keys skipped over were misses.
        let expected = c.slotKeys + c.head * c.keysPerSlot
        let returnedKey = line.baseAddress! + keyStart
        var matched = false
        while c.keyCursor < config.multigetSize {
            let want = table.key(Int(expected[c.keyCursor]))
            c.keyCursor += 1
            if keyLength == keySize && memcmp(returnedKey, want, keySize) == 0 {
                matched = true
                break
            }
        }
        guard matched else {
            protocolError(c, "VALUE for a key that was not requested (or out of order)")
            return nil
        }
        c.hitsSoFar += 1
        if config.checkValueSize && dataLength != config.valueSize { counters.valueSizeErrors += 1 }
        _ = flags
        return blockLength
    }

    /// Handles `SERVER_ERROR`, `CLIENT_ERROR` and `ERROR` lines, which complete the request.
    /// Returns false when the line is none of them.
    private func classifyErrorLine(_ c: Connection, _ line: UnsafeRawBufferPointer, now: UInt64) -> Bool {
        if Self.hasPrefix(line, "SERVER_ERROR") {
            counters.serverErrors += 1
        } else if Self.hasPrefix(line, "CLIENT_ERROR") || Self.equals(line, "ERROR\r\n") {
            counters.clientErrors += 1
        } else {
            return false
        }
        if reportedProblems < 5 {
            report("server answered: \(String(decoding: line.dropLast(2), as: UTF8.self))")
        }
        c.inRead += line.count
        complete(c, now: now, stored: false)
        return true
    }

    /// The oldest request of `c` is fully answered: count it, time it, free its slot.
    @inline(__always)
    private func complete(_ c: Connection, now: UInt64, stored: Bool) {
        let slot = c.head
        if now >= phase.windowStart && now <= phase.windowEnd {
            if c.kinds[slot] == .get {
                let keys = UInt64(config.multigetSize)
                counters.getRequests += 1
                counters.keysRequested += keys
                counters.hits += UInt64(c.hitsSoFar)
                counters.misses += keys - UInt64(c.hitsSoFar)
            } else {
                counters.setRequests += 1
                if stored { counters.stored += 1 }
            }
            _ = histogram.record(now &- c.startTimes[slot])
        }
        c.keyCursor = 0
        c.hitsSoFar = 0
        c.head = c.head + 1 == c.depthCapacity ? 0 : c.head + 1
        c.inFlight -= 1
        totalInFlight -= 1
        freeCapacity += 1
    }

    // MARK: - Failures

    private func protocolError(_ c: Connection, _ what: String) {
        counters.protocolErrors += 1
        let available = c.inWrite - c.inRead
        let shown = UnsafeRawBufferPointer(start: c.input + c.inRead, count: min(available, 80))
        var text = ""
        for byte in shown {
            if byte >= 32 && byte < 127 {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == 13 {
                text += "\\r"
            } else if byte == 10 {
                text += "\\n"
            } else {
                text += "."
            }
        }
        report("protocol error: \(what); input: \"\(text)\"")
        kill(c, countAsError: false)
    }

    /// Drops a connection: forgets its requests in flight and closes the socket.
    private func kill(_ c: Connection, countAsError: Bool) {
        if countAsError { counters.connectionErrors += 1 }
        freeCapacity -= phase.depth - c.inFlight
        totalInFlight -= c.inFlight
        c.inFlight = 0
        c.dead = true
        epoll_ctl(epollFD, EPOLL_CTL_DEL, c.fd, nil)
        shutdown(c.fd, Int32(SHUT_RDWR))
    }

    private func report(_ message: String) {
        reportedProblems += 1
        if reportedProblems <= 5 {
            printError("worker \(id): \(message)")
        }
    }

    // MARK: - Byte helpers

    @inline(__always)
    private static func equals(_ line: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        line.count == literal.utf8CodeUnitCount && memcmp(line.baseAddress!, literal.utf8Start, line.count) == 0
    }

    @inline(__always)
    private static func hasPrefix(_ line: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        line.count >= literal.utf8CodeUnitCount
            && memcmp(line.baseAddress!, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }
}
