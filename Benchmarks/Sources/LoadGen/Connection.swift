// One client connection: a non-blocking TCP socket to the server, its output bytes not yet written,
// its input bytes not yet parsed, and the ring of requests in flight (oldest first), whose responses
// must arrive in the same order. Owned by exactly one worker thread.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Kind of a request in flight.
enum RequestKind: UInt8 {
    /// `get k1 ... kN` (N = the workload's multiget size, 1 for a plain get).
    case get
    /// `set k 0 0 n` followed by the value.
    case set
}

/// A connection and its buffers. Touched only by the worker thread that owns it.
final class Connection {
    let fd: Int32
    let index: Int

    // Output: bytes [outSent, outCount) of `out` are still to be written.
    let out: UnsafeMutableRawPointer
    let outCapacity: Int
    var outCount = 0
    var outSent = 0
    /// EPOLLOUT is registered (the last write was short).
    var waitingForWritable = false

    // Input: bytes [inRead, inWrite) of `input` are received but not yet parsed.
    var input: UnsafeMutableRawPointer
    var inCapacity: Int
    var inRead = 0
    var inWrite = 0

    // Requests in flight, a ring of `depthCapacity` slots; `head` is the oldest.
    let depthCapacity: Int
    let keysPerSlot: Int
    let kinds: UnsafeMutablePointer<RequestKind>
    let startTimes: UnsafeMutablePointer<UInt64>
    /// Key indices of each slot: `keysPerSlot` entries per slot.
    let slotKeys: UnsafeMutablePointer<Int32>
    var head = 0
    var inFlight = 0

    // Progress through the response of the oldest request (a get may arrive in several reads).
    /// Next expected key position within the oldest get's keys.
    var keyCursor = 0
    /// Hits seen so far in the oldest get's response.
    var hitsSoFar = 0

    /// The connection failed (protocol error, reset, EOF) and is no longer used.
    var dead = false

    init(fd: Int32, index: Int, depthCapacity: Int, keysPerSlot: Int, maxRequestSize: Int, valueSize: Int) {
        self.fd = fd
        self.index = index
        self.depthCapacity = depthCapacity
        self.keysPerSlot = keysPerSlot
        outCapacity = depthCapacity * maxRequestSize
        out = UnsafeMutableRawPointer.allocate(byteCount: outCapacity, alignment: 16)
        inCapacity = max(64 * 1024, 4 * (valueSize + 512))
        input = UnsafeMutableRawPointer.allocate(byteCount: inCapacity, alignment: 16)
        kinds = .allocate(capacity: depthCapacity)
        kinds.initialize(repeating: .get, count: depthCapacity)
        startTimes = .allocate(capacity: depthCapacity)
        startTimes.initialize(repeating: 0, count: depthCapacity)
        slotKeys = .allocate(capacity: depthCapacity * keysPerSlot)
        slotKeys.initialize(repeating: 0, count: depthCapacity * keysPerSlot)
    }

    deinit {
        if fd >= 0 { close(fd) }
        out.deallocate()
        input.deallocate()
        kinds.deallocate()
        startTimes.deallocate()
        slotKeys.deallocate()
    }

    /// Slot index for the next request to issue.
    @inline(__always) var tail: Int {
        let t = head + inFlight
        return t >= depthCapacity ? t - depthCapacity : t
    }

    /// Appends raw bytes to the output buffer (capacity is sized for a full pipeline, so it never grows).
    @inline(__always)
    func append(_ source: UnsafeRawPointer, _ count: Int) {
        (out + outCount).copyMemory(from: source, byteCount: count)
        outCount += count
    }

    @inline(__always)
    func append(byte: UInt8) {
        out.storeBytes(of: byte, toByteOffset: outCount, as: UInt8.self)
        outCount += 1
    }

    /// Makes room for at least `needed` more input bytes after `inWrite`: moves unparsed bytes to the
    /// front, and grows the buffer when one response element is bigger than it.
    func reserveInput(_ needed: Int) {
        if inRead == inWrite {
            inRead = 0
            inWrite = 0
        }
        if inCapacity - inWrite >= needed { return }
        let pending = inWrite - inRead
        if pending + needed > inCapacity {
            var newCapacity = inCapacity * 2
            while pending + needed > newCapacity { newCapacity *= 2 }
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            bigger.copyMemory(from: input + inRead, byteCount: pending)
            input.deallocate()
            input = bigger
            inCapacity = newCapacity
        } else if inRead > 0 {
            memmove(input, input + inRead, pending)
        }
        inRead = 0
        inWrite = pending
    }

    /// Opens a blocking TCP connection with TCP_NODELAY, then switches it to non-blocking mode.
    /// Returns the file descriptor or a description of the failure.
    static func connectTCP(address: in_addr, port: UInt16) -> Result<Int32, ConnectError> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { return .failure(ConnectError(errno: errno)) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        sin.sin_addr = address
        let rc = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            let error = errno
            close(fd)
            return .failure(ConnectError(errno: error))
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        return .success(fd)
    }
}

/// A failed connect(), with the errno text.
struct ConnectError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { String(cString: strerror(errno)) }
}
