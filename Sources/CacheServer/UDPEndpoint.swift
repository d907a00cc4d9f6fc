// UDPEndpoint: memcached's UDP protocol on one worker. Every worker listens on the shared UDP socket;
// whichever wakes first reads the datagram. A request is one datagram that starts with an 8-byte frame
// header (request id, sequence number, datagram count, reserved; big endian); the response is split into
// datagrams of at most 1400 bytes, each with the request id, its sequence number and the total count.
import CLibevent
import CacheEngine
import MemcacheProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// UDP frame layout constants.
enum UDPFrame {
    static let headerSize = 8
    /// Largest datagram we send, header included (memcached's UDP_MAX_PAYLOAD_SIZE).
    static let maxDatagram = 1400
    static let maxPayload = maxDatagram - headerSize
    /// Largest datagram we accept.
    static let readBufferSize = 65536
    /// Datagrams served per readable event before yielding to the worker's other events.
    static let datagramsPerEvent = 16
}

/// One worker's reader/responder on one UDP socket.
///
/// Thread rule: owned by one worker thread (like `Connection`); hence `@unchecked Sendable`.
final class UDPEndpoint: @unchecked Sendable {
    let socket: BoundSocket
    /// `unowned(unsafe)`: the worker unregisters and drops its endpoints before it is released.
    unowned(unsafe) let worker: Worker
    private var session: ProtocolSession
    private let output = OutputBuffer(initialCapacity: 4096)
    private let buffer: UnsafeMutableRawPointer
    /// The 8-byte frame header of the datagram being sent (reserved bytes stay 0).
    private let header: UnsafeMutableRawPointer
    private var event: OpaquePointer? = nil

    init(socket: BoundSocket, worker: Worker) {
        self.socket = socket
        self.worker = worker
        session = Self.makeSession(worker)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: UDPFrame.readBufferSize, alignment: 8)
        header = UnsafeMutableRawPointer.allocate(byteCount: UDPFrame.headerSize, alignment: 8)
        header.initializeMemory(as: UInt8.self, repeating: 0, count: UDPFrame.headerSize)
    }

    deinit {
        if let event { event_free(event) }
        buffer.deallocate()
        header.deallocate()
    }

    private static func makeSession(_ worker: Worker) -> ProtocolSession {
        let server = worker.server
        var settings = server.protocolSettings
        settings.isDatagram = true
        return ProtocolSession(
            engine: server.engine, context: worker.context, settings: settings, hooks: server,
            telemetry: worker.telemetry)
    }

    func register() -> Bool {
        event = event_new(
            worker.base, socket.fd, Int16(EV_READ | EV_PERSIST),
            { _, _, arg in Unmanaged<UDPEndpoint>.fromOpaque(arg!).takeUnretainedValue().onReadable() },
            Unmanaged.passUnretained(self).toOpaque())
        return event != nil && event_add(event, nil) == 0
    }

    func unregister() {
        if let event {
            event_free(event)
            self.event = nil
        }
    }

    private func onReadable() {
        for _ in 0..<UDPFrame.datagramsPerEvent {
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(socket.fd, buffer, UDPFrame.readBufferSize, 0, $0, &peerLength)
                }
            }
            if n < 0 { return }  // EAGAIN: another worker took it, or nothing left.
            WorkerCounters.bump(worker.counters.bytesRead, by: UInt64(n))
            guard n >= UDPFrame.headerSize else { continue }
            let requestID =
                UInt16(buffer.load(fromByteOffset: 0, as: UInt8.self)) << 8
                | UInt16(buffer.load(fromByteOffset: 1, as: UInt8.self))
            let total =
                UInt16(buffer.load(fromByteOffset: 4, as: UInt8.self)) << 8
                | UInt16(buffer.load(fromByteOffset: 5, as: UInt8.self))
            output.removeAll()
            if total != 1 {
                output.append("SERVER_ERROR multi-packet request not supported\r\n")
            } else {
                let payload = UnsafeRawBufferPointer(
                    start: buffer + UDPFrame.headerSize, count: n - UDPFrame.headerSize)
                let step = session.process(payload, output: output, maxRequests: Int.max)
                if step.consumed != payload.count || step.action != .needMoreData {
                    // A datagram is a whole request batch; never carry partial state into the next one.
                    session = Self.makeSession(worker)
                }
            }
            send(requestID: requestID, to: &peer, length: peerLength)
        }
    }

    /// Sends `output` as framed datagrams of at most 1400 bytes.
    private func send(requestID: UInt16, to peer: inout sockaddr_storage, length: socklen_t) {
        let bytes = output.readableBytes
        guard bytes > 0 else { return }
        let count = min((bytes + UDPFrame.maxPayload - 1) / UDPFrame.maxPayload, Int(UInt16.max))
        let header = self.header
        output.withReadableBytes { data in
            for sequence in 0..<count {
                let start = sequence * UDPFrame.maxPayload
                let chunk = min(UDPFrame.maxPayload, bytes - start)
                header.storeBytes(of: UInt8(requestID >> 8), toByteOffset: 0, as: UInt8.self)
                header.storeBytes(of: UInt8(requestID & 0xff), toByteOffset: 1, as: UInt8.self)
                header.storeBytes(of: UInt8(sequence >> 8), toByteOffset: 2, as: UInt8.self)
                header.storeBytes(of: UInt8(sequence & 0xff), toByteOffset: 3, as: UInt8.self)
                header.storeBytes(of: UInt8(count >> 8), toByteOffset: 4, as: UInt8.self)
                header.storeBytes(of: UInt8(count & 0xff), toByteOffset: 5, as: UInt8.self)
                do {
                    var iov = (
                        iovec(iov_base: header, iov_len: UDPFrame.headerSize),
                        iovec(iov_base: UnsafeMutableRawPointer(mutating: data.baseAddress! + start), iov_len: chunk)
                    )
                    withUnsafeMutablePointer(to: &iov) { iovPointer in
                        iovPointer.withMemoryRebound(to: iovec.self, capacity: 2) { iovs in
                            withUnsafeMutablePointer(to: &peer) { peerPointer in
                                var message = msghdr()
                                message.msg_name = UnsafeMutableRawPointer(peerPointer)
                                message.msg_namelen = length
                                message.msg_iov = iovs
                                message.msg_iovlen = 2
                                let sent = sendmsg(socket.fd, &message, Int32(MSG_NOSIGNAL))
                                if sent > 0 {
                                    WorkerCounters.bump(worker.counters.bytesWritten, by: UInt64(sent))
                                }
                            }
                        }
                    }
                }
            }
        }
        output.removeAll()
    }
}
