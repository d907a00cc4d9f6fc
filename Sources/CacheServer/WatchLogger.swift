// WatchLogger: memcached's `watch`. Workers (and the engine's background threads) write event lines into
// bounded buffers of their own; one logger thread collects them and sends each line to the watchers that
// asked for its stream.
//
//   worker thread                        logger thread ("mc-log")                 watcher sockets
//   LogSink.log: format the line, take   every 1 ms .. 100 ms (sooner while       non-blocking send
//   the sink's mutex, append it to the   lines keep coming): swap each sink's     (SSL_write on TLS)
//   sink's buffer (worker_logbuf_size;   buffer for an empty one, hand every      from each watcher's
//   no room: dropped, log_worker_dropped)line to the watchers of its stream       buffer; a hang-up
//                                        (watcher_logbuf_size each; no room:      closes the watcher
//                                        skipped, then a "skipped=N" line)
//
// Streams and lines follow memcached 1.6.18 (`type=item_get`, `item_store`, `eviction`, `conn_new`,
// `conn_close`, `lru_crawler`), each line "ts=<sec>.<usec> gid=<n> ..." ending in a bare LF; `gid` is one
// counter over all threads, so lines from different workers may arrive out of gid order, as memcached's.
// A watcher gets only lines with a gid after its own start. `hotkeys` is swiftcached's own stream.
//
// Why this shape: a worker never waits for a watcher. Its cost is one mutex (uncontended but for the
// logger's swap) and a bounded copy per line, and only while some watcher wants that stream: with no
// watchers every check is one relaxed load (`wanted`, and the engine's `ItemEventSwitch`).
//
// Watcher connections leave their worker (`Connection.becomeWatcher`): the logger owns the socket (and
// its TLS session) from then on, ignores what the client sends, and closes it when the client hangs up
// or the server stops. They still count in `curr_connections` until closed.
//
// Thread rule: `LogSink.log` and the ItemEventSink methods run on any thread (each sink has its own
// mutex); `addWatcher` runs on workers, under `mutex`; everything else runs on the logger thread.
import CLibevent
import CacheEngine
import MemcacheProtocol
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The streams a watcher subscribes to, as the session parsed them from `watch`.
typealias LogStreams = WatchStreams

extension WatchStreams {
    /// The item events of the engine these streams need.
    var itemEvents: ItemEventKinds {
        var kinds: ItemEventKinds = []
        if contains(.fetchers) { kinds.insert(.fetches) }
        if contains(.mutations) { kinds.insert(.stores) }
        if contains(.evictions) { kinds.insert(.evictions) }
        if contains(.sysevents) { kinds.insert(.crawls) }
        return kinds
    }
}

/// Formats one log line into a fixed scratch area (no allocation); bytes past the capacity are dropped.
struct LineWriter {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var count = 0

    init(_ base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func byte(_ value: UInt8) {
        guard count < capacity else { return }
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    mutating func text(_ literal: StaticString) {
        let n = min(literal.utf8CodeUnitCount, capacity &- count)
        (base + count).copyMemory(from: literal.utf8Start, byteCount: n)
        count &+= n
    }

    mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        let n = min(bytes.count, capacity &- count)
        (base + count).copyMemory(from: source, byteCount: n)
        count &+= n
    }

    mutating func decimal(_ value: UInt64) {
        let digits = DecimalText.digitCount(value)
        guard count &+ digits <= capacity else { return }
        DecimalText.write(value, digits: digits, to: base + count)
        count &+= digits
    }

    mutating func decimal(_ value: Int64) {
        if value < 0 {
            byte(UInt8(ascii: "-"))
            decimal(UInt64(0 &- value))
        } else {
            decimal(UInt64(value))
        }
    }

    /// ` name=value` (the name given with its leading space and `=`).
    mutating func field(_ name: StaticString, _ value: UInt64) {
        text(name)
        decimal(value)
    }

    mutating func field(_ name: StaticString, _ value: Int64) {
        text(name)
        decimal(value)
    }

    /// memcached's uriencode: letters, digits and `-._~` as they are, every other byte as `%XX`.
    mutating func uriEncoded(_ key: UnsafeRawBufferPointer) {
        let hex: StaticString = "0123456789ABCDEF"
        for b in key {
            let plain =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                || b == 0x2E || b == 0x5F || b == 0x7E
            if plain {
                byte(b)
            } else {
                byte(UInt8(ascii: "%"))
                byte(hex.utf8Start[Int(b >> 4)])
                byte(hex.utf8Start[Int(b & 15)])
            }
        }
    }
}

/// One producer side's bounded buffer of log lines (a worker's, or the shared one of the engine's
/// background threads), and the engine's item events turned into lines.
///
/// Record layout in the buffer: UInt32 line length, UInt32 stream bits, UInt64 gid, the line, padding
/// to 8 bytes.
final class LogSink: ItemEventSink, @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    /// The buffer being filled and its spare (the logger swaps them under the mutex).
    private var filling: UnsafeMutableRawPointer
    private var spare: UnsafeMutableRawPointer
    private var used = 0
    private let capacity: Int
    /// Lines appended and refused since the logger last collected (guarded by the mutex).
    private var written: UInt64 = 0
    private var dropped: UInt64 = 0
    /// Formatting scratch (guarded by the mutex).
    private let scratch: UnsafeMutableRawPointer
    private static let scratchSize = 4096
    /// Which streams are wanted, and the gid counter.
    let gate: LogGate
    /// The socket of the request the owning worker is running, for `cfd=` (worker sinks only: set by the
    /// connection before it runs its session, read by the same thread).
    var clientFD: Int32 = -1

    init(gate: LogGate, capacity: Int) {
        self.gate = gate
        self.capacity = max(capacity, 1024)
        filling = .allocate(byteCount: self.capacity, alignment: 8)
        spare = .allocate(byteCount: self.capacity, alignment: 8)
        scratch = .allocate(byteCount: LogSink.scratchSize, alignment: 8)
        pthread_mutex_init(&mutex, nil)
    }

    deinit {
        filling.deallocate()
        spare.deallocate()
        scratch.deallocate()
        pthread_mutex_destroy(&mutex)
    }

    /// Appends one line of `stream`, written by `body` after memcached's "ts=... gid=... " prefix. Does
    /// nothing unless a watcher wants the stream.
    func log(_ stream: LogStreams, _ body: (inout LineWriter) -> Void) {
        guard gate.wants(stream) else { return }
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        let gid = gate.nextGID()
        var line = LineWriter(scratch, capacity: LogSink.scratchSize &- 1)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        line.text("ts=")
        line.decimal(UInt64(now.tv_sec))
        line.byte(UInt8(ascii: "."))
        line.decimal(UInt64(now.tv_nsec / 1000))  // not zero-padded, as memcached's %d
        line.field(" gid=", gid)
        line.byte(0x20)
        body(&line)
        line.byte(0x0A)
        let recordSize = (16 &+ line.count &+ 7) & ~7
        guard used &+ recordSize <= capacity else {
            dropped &+= 1
            return
        }
        let record = filling + used
        record.storeBytes(of: UInt32(line.count), as: UInt32.self)
        record.storeBytes(of: stream.rawValue, toByteOffset: 4, as: UInt32.self)
        record.storeBytes(of: gid, toByteOffset: 8, as: UInt64.self)
        (record + 16).copyMemory(from: scratch, byteCount: line.count)
        used &+= recordSize
        written &+= 1
    }

    /// WatchLogger thread: takes every line appended so far and calls `body` with each (stream, gid, line),
    /// outside the mutex. Returns how many lines there were, and the written/dropped counts to add.
    func collect(_ body: (LogStreams, UInt64, UnsafeRawBufferPointer) -> Void) -> (
        lines: Int, written: UInt64, dropped: UInt64
    ) {
        pthread_mutex_lock(&mutex)
        let taken = filling
        let takenBytes = used
        filling = spare
        spare = taken
        used = 0
        let counts = (written, dropped)
        written = 0
        dropped = 0
        pthread_mutex_unlock(&mutex)
        var offset = 0
        var lines = 0
        while offset < takenBytes {
            let record = taken + offset
            let length = Int(record.load(as: UInt32.self))
            let stream = LogStreams(rawValue: record.load(fromByteOffset: 4, as: UInt32.self))
            let gid = record.load(fromByteOffset: 8, as: UInt64.self)
            body(stream, gid, UnsafeRawBufferPointer(start: record + 16, count: length))
            offset &+= (16 &+ length &+ 7) & ~7
            lines &+= 1
        }
        return (lines, counts.0, counts.1)
    }

    // MARK: ItemEventSink

    func itemFetched(key: UnsafeRawBufferPointer, status: ItemFetchStatus, classID: Int, valueLength: Int) {
        if Verbosity.current > 2 {
            // memcached's -vvv lines from its item lookup.
            var text = Array((status == .found ? "> FOUND KEY " : "> NOT FOUND ").utf8)
            text.append(contentsOf: key)
            text.append(0x0A)
            text.withUnsafeBytes { Verbosity.writeStderr($0) }
        }
        let fd = clientFD
        log(.fetchers) { line in
            line.text("type=item_get key=")
            line.uriEncoded(key)
            line.text(" status=")
            line.text(status.name)
            line.field(" clsid=", UInt64(classID))
            line.field(" cfd=", Int64(fd))
            line.field(" size=", UInt64(valueLength))
        }
    }

    func itemStored(
        key: UnsafeRawBufferPointer, result: StoreResult, command: ItemStoreCommand, ttl: UInt32, classID: Int,
        valueLength: Int
    ) {
        let fd = clientFD
        log(.mutations) { line in
            line.text("type=item_store key=")
            line.uriEncoded(key)
            line.text(" status=")
            switch result {
            case .stored: line.text("stored")
            case .notStored: line.text("not_stored")
            case .exists: line.text("exists")
            case .notFound: line.text("not_found")
            case .tooLarge: line.text("too_large")
            case .outOfMemory: line.text("no_memory")
            }
            line.text(" cmd=")
            line.text(command.name)
            line.field(" ttl=", UInt64(ttl))
            line.field(" clsid=", UInt64(classID))
            line.field(" cfd=", Int64(fd))
            line.field(" size=", UInt64(valueLength))
        }
    }

    func crawlFinished(classID: Int, examined: UInt64, reclaimed: UInt64, elapsedSeconds: UInt32) {
        // memcached's line has per-LRU scheduling fields (low_mark, next_reclaims, since_run, next_run);
        // this crawler crawls whole classes, so its line has the figures it has (README, compatibility).
        log(.sysevents) { line in
            line.text("type=lru_crawler crawler=")
            line.decimal(UInt64(classID))
            line.text(" lru=all elapsed=")
            line.decimal(UInt64(elapsedSeconds))
            line.field(" examined=", examined)
            line.field(" reclaimed=", reclaimed)
        }
    }

    func itemEvicted(
        key: UnsafeRawBufferPointer, fetched: Bool, ttl: Int64, lastAccess: UInt32, classID: Int, valueLength: Int
    ) {
        log(.evictions) { line in
            line.text("type=eviction key=")
            line.uriEncoded(key)
            line.text(fetched ? " fetch=yes ttl=" : " fetch=no ttl=")
            line.decimal(ttl)
            line.field(" la=", UInt64(lastAccess))
            line.field(" clsid=", UInt64(classID))
            line.field(" size=", UInt64(valueLength))
        }
    }
}

/// A client that ran `watch`: its socket, streams and bounded output buffer. WatchLogger thread only (after
/// `addWatcher` hands it over).
final class Watcher {
    let fd: Int32
    let tls: TLSStream?
    let info: ConnectionInfo
    let streams: LogStreams
    /// Lines with a smaller gid were logged before the watcher started.
    let firstGID: UInt64
    private let buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private var start = 0
    private var end = 0
    /// Lines not delivered for want of room since the last one that was.
    var skipped: UInt64 = 0
    /// A flush made no room during this round: skip without trying again until the next poll (memcached's
    /// `failed_flush`), so a stalled watcher costs no system call per line.
    var stalled = false

    init(fd: Int32, tls: TLSStream?, info: ConnectionInfo, streams: LogStreams, firstGID: UInt64, capacity: Int) {
        self.fd = fd
        self.tls = tls
        self.info = info
        self.streams = streams
        self.firstGID = firstGID
        self.capacity = max(capacity, 1024)
        buffer = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { buffer.deallocate() }

    var hasPending: Bool { end > start }

    /// Queues `bytes` when there is room for them plus a possible "skipped=N" line; false otherwise.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let needed = bytes.count &+ 128
        if capacity &- end < needed && start > 0 {
            (buffer).copyMemory(from: buffer + start, byteCount: end &- start)
            end &-= start
            start = 0
        }
        guard capacity &- end >= needed, let source = bytes.baseAddress else { return false }
        if skipped > 0 {
            var line = LineWriter(buffer + end, capacity: 128)
            line.text("skipped=")
            line.decimal(skipped)
            line.byte(0x0A)
            end &+= line.count
            skipped = 0
        }
        (buffer + end).copyMemory(from: source, byteCount: bytes.count)
        end &+= bytes.count
        return true
    }

    /// Sends what it can without blocking. Returns false when the connection is gone.
    func flush() -> Bool {
        while end > start {
            let pending = UnsafeRawBufferPointer(start: buffer + start, count: end &- start)
            if let tls {
                switch tls.write(pending) {
                case .bytes(let n): start &+= n
                case .wantRead, .wantWrite: return true
                case .closed, .failed: return false
                }
            } else {
                let n = send(fd, pending.baseAddress, pending.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                if n > 0 {
                    start &+= n
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                    return true
                } else {
                    return false
                }
            }
        }
        start = 0
        end = 0
        return true
    }

    /// Reads and discards what the client sent. Returns false once it has hung up.
    func drainInput() -> Bool {
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &scratch) { area in
            for _ in 0..<16 {
                if let tls {
                    switch tls.read(into: area.baseAddress!, count: area.count) {
                    case .bytes: continue
                    case .wantRead, .wantWrite: return true
                    case .closed, .failed: return false
                    }
                }
                let n = recv(fd, area.baseAddress, area.count, Int32(MSG_DONTWAIT))
                if n > 0 { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return true }
                return false
            }
            return true
        }
    }
}

/// What producers check before logging: the streams any watcher wants, and the gid counter.
final class LogGate: Sendable {
    private let gid = Atomic<UInt64>(0)
    /// The union of the watchers' streams.
    let wanted = Atomic<UInt32>(0)

    @inline(__always)
    func wants(_ stream: LogStreams) -> Bool { wanted.load(ordering: .relaxed) & stream.rawValue != 0 }

    func nextGID() -> UInt64 { gid.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// How `WatchLogger.addWatcher` went (memcached's replies for the failures).
enum WatcherAddResult {
    case added
    /// "WATCHER_TOO_MANY log watcher limit reached"
    case tooMany
}

/// The logger: sinks, watchers, the logger thread and memcached's `log_*` counters.
final class WatchLogger: @unchecked Sendable {
    /// memcached's limit on watchers.
    static let watcherLimit = 20

    let gate = LogGate()
    /// The engine's switch for item events (kept in step with the watchers' streams and the verbosity).
    private let itemEvents: ItemEventSwitch
    /// One sink per worker (indexed like the workers).
    let workerSinks: [LogSink]
    /// The shared sink of threads without a worker (evictions by the maintainer, the crawler).
    let systemSink: LogSink
    /// Every sink, in the order the logger thread collects them.
    private let allSinks: [LogSink]
    private let watcherBufferSize: Int

    let workerDropped = Atomic<UInt64>(0)
    let workerWritten = Atomic<UInt64>(0)
    let watcherSkipped = Atomic<UInt64>(0)
    let watcherSent = Atomic<UInt64>(0)
    /// Watchers open, as the logger thread last counted them (closed ones are noticed lazily).
    let watcherCount = Atomic<Int>(0)

    private var mutex = pthread_mutex_t()
    private var wakeup = pthread_cond_t()
    /// Guarded by `mutex`: watchers handed over and not yet taken by the logger thread, the number of
    /// watchers, the streams of each, and whether the thread should run.
    private var arriving: [Watcher] = []
    private var openStreams: [LogStreams] = []
    private var running = true
    /// WatchLogger thread only.
    private var watchers: [Watcher] = []
    private var thread: PosixThread? = nil
    /// `watch hotkeys`: the hottest keys with their rates (`CacheServer.hotKeys(limit:)`), and the rate at
    /// which a key is announced. Set before `start()` when hot keys are on.
    var hotKeySource: (@Sendable () -> [(key: [UInt8], rate: Double)])? = nil
    var hotKeyThreshold: Double = .infinity
    /// WatchLogger thread only: keys announced and still above the threshold at the last check, and when that
    /// was (CLOCK_MONOTONIC µs).
    private var announcedHotKeys: Set<[UInt8]> = []
    private var lastHotKeyCheck = 0
    /// Called on the logger thread after it closed a watcher's socket (connection accounting). Set before
    /// `start()`.
    var onWatcherClosed: (@Sendable (ConnectionInfo) -> Void)? = nil

    init(workers: Int, workerBufferSize: Int, watcherBufferSize: Int, itemEvents: ItemEventSwitch) {
        self.itemEvents = itemEvents
        self.watcherBufferSize = watcherBufferSize
        let gate = self.gate
        workerSinks = (0..<workers).map { _ in LogSink(gate: gate, capacity: workerBufferSize) }
        systemSink = LogSink(gate: gate, capacity: workerBufferSize)
        allSinks = workerSinks + [systemSink]
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wakeup, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&wakeup)
    }

    /// Starts the logger thread.
    func start() throws(ServerError) {
        thread = try PosixThread(name: "mc-log") { [self] in run() }
    }

    /// Stops the logger thread and closes every watcher. Call once, after the workers stopped.
    func stop() {
        pthread_mutex_lock(&mutex)
        running = false
        pthread_cond_signal(&wakeup)
        pthread_mutex_unlock(&mutex)
        thread?.join()
        thread = nil
        for watcher in watchers + arriving { close(watcher) }
        watchers.removeAll()
        arriving.removeAll()
    }

    /// Worker thread: hands a `watch` connection's socket over. `initial` (unsent replies, then "OK\r\n")
    /// goes out first.
    func addWatcher(
        fd: Int32, tls: TLSStream?, info: ConnectionInfo, streams: LogStreams, initial: UnsafeRawBufferPointer
    ) -> WatcherAddResult {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard openStreams.count < WatchLogger.watcherLimit else { return .tooMany }
        let watcher = Watcher(
            fd: fd, tls: tls, info: info, streams: streams, firstGID: gate.nextGID(), capacity: watcherBufferSize)
        _ = watcher.offer(initial)
        arriving.append(watcher)
        openStreams.append(streams)
        watcherCount.store(openStreams.count, ordering: .relaxed)
        updateWantedLocked()
        pthread_cond_signal(&wakeup)
        return .added
    }

    /// `stats reset`: the `log_*` counters start again from 0 (`log_watchers`, a current count, stays),
    /// as memcached's do.
    func resetCounters() {
        workerDropped.store(0, ordering: .relaxed)
        workerWritten.store(0, ordering: .relaxed)
        watcherSkipped.store(0, ordering: .relaxed)
        watcherSent.store(0, ordering: .relaxed)
    }

    /// Re-derives the engine's item-event switch (after a verbosity change).
    func refreshItemEvents() {
        pthread_mutex_lock(&mutex)
        updateWantedLocked()
        pthread_mutex_unlock(&mutex)
    }

    /// `mutex` held.
    private func updateWantedLocked() {
        let union = openStreams.reduce(LogStreams()) { $0.union($1) }
        gate.wanted.store(union.rawValue, ordering: .relaxed)
        var kinds = union.itemEvents
        if Verbosity.current > 2 { kinds.insert(.traceFetches) }
        itemEvents.set(kinds)
    }

    // MARK: logger thread

    private static let minimumSleep = 1_000
    private static let maximumSleep = 100_000

    private func run() {
        var sleep = WatchLogger.minimumSleep
        while true {
            pthread_mutex_lock(&mutex)
            while running && openStreams.isEmpty { pthread_cond_wait(&wakeup, &mutex) }
            if !running {
                pthread_mutex_unlock(&mutex)
                return
            }
            watchers.append(contentsOf: arriving)
            arriving.removeAll()
            pthread_mutex_unlock(&mutex)

            if gate.wants(.hotkeys) { announceHotKeys() }
            var lines = 0
            for sink in allSinks {
                let result = sink.collect { stream, gid, line in deliver(stream, gid, line) }
                lines &+= result.lines
                if result.written > 0 { workerWritten.add(result.written, ordering: .relaxed) }
                if result.dropped > 0 { workerDropped.add(result.dropped, ordering: .relaxed) }
            }
            pollWatchers(timeoutMicroseconds: lines > 0 ? 0 : sleep)
            // memcached's back-off: halve the wait while lines come, grow it by an eighth while none do.
            if lines > 0 {
                sleep = max(WatchLogger.minimumSleep, sleep / 2)
            } else {
                sleep = min(WatchLogger.maximumSleep, sleep &+ sleep / 8)
            }
        }
    }

    /// `watch hotkeys`, once a second: a `type=hotkey` line for each key whose rate has reached the
    /// threshold since the last check (a key that drops below it is announced again when it comes back).
    private func announceHotKeys() {
        let now = EngineClock.monotonicMicroseconds()
        guard now &- lastHotKeyCheck >= 1_000_000, let source = hotKeySource else { return }
        lastHotKeyCheck = now
        var hot: Set<[UInt8]> = []
        for (key, rate) in source() where rate >= hotKeyThreshold {
            hot.insert(key)
            guard !announcedHotKeys.contains(key) else { continue }
            systemSink.log(.hotkeys) { line in
                line.text("type=hotkey key=")
                key.withUnsafeBytes { line.uriEncoded($0) }
                line.field(" rate=", UInt64(rate.rounded()))
            }
        }
        announcedHotKeys = hot
    }

    /// Queues one line to every watcher of its stream that started before it.
    private func deliver(_ stream: LogStreams, _ gid: UInt64, _ line: UnsafeRawBufferPointer) {
        for watcher in watchers where watcher.streams.rawValue & stream.rawValue != 0 && gid > watcher.firstGID {
            if watcher.offer(line) || (!watcher.stalled && watcher.flush() && watcher.offer(line)) {
                watcherSent.add(1, ordering: .relaxed)
            } else {
                watcher.stalled = true
                watcher.skipped &+= 1
                watcherSkipped.add(1, ordering: .relaxed)
            }
        }
    }

    /// Sends what the watchers have queued and notices hang-ups; waits up to the timeout for either.
    private func pollWatchers(timeoutMicroseconds: Int) {
        guard !watchers.isEmpty else { return }
        var fds = watchers.map {
            pollfd(fd: $0.fd, events: Int16(POLLIN) | ($0.hasPending ? Int16(POLLOUT) : 0), revents: 0)
        }
        let ready = poll(&fds, nfds_t(fds.count), Int32(timeoutMicroseconds / 1000))
        var gone: [Int] = []
        for (index, watcher) in watchers.enumerated() {
            watcher.stalled = false
            let events = ready > 0 ? fds[index].revents : 0
            var alive = true
            if events & Int16(POLLIN) != 0 || events & Int16(POLLHUP | POLLERR) != 0 { alive = watcher.drainInput() }
            if alive && watcher.hasPending { alive = watcher.flush() }
            if !alive { gone.append(index) }
        }
        for index in gone.reversed() {
            let watcher = watchers.remove(at: index)
            close(watcher)
            pthread_mutex_lock(&mutex)
            if let slot = openStreams.firstIndex(of: watcher.streams) { openStreams.remove(at: slot) }
            watcherCount.store(openStreams.count, ordering: .relaxed)
            updateWantedLocked()
            pthread_mutex_unlock(&mutex)
        }
    }

    private func close(_ watcher: Watcher) {
        ServerLog.log(2, "<\(watcher.fd) connection closed from side thread.")
        watcher.tls?.shutdown()
        _ = posixClose(watcher.fd)
        onWatcherClosed?(watcher.info)
    }
}
