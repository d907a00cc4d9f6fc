// Sockets: creating the listening sockets (TCP on each -l address, UDP, unix), socket options, and
// formatting socket addresses the way `stats conns` prints them ("tcp:127.0.0.1:11211").
import CLibevent

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Transport of a socket.
enum Transport: Sendable {
    case tcp, udp, unix

    var prefix: String {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .unix: return "unix"
        }
    }
}

/// A bound socket: a TCP/unix listener or a UDP socket.
struct BoundSocket: Sendable {
    var fd: Int32
    var transport: Transport
    /// Printable local address, e.g. `tcp:127.0.0.1:11211`.
    var address: String
    /// Local port (0 for unix sockets).
    var port: Int
    /// Connections accepted here speak TLS (-Z, unless the `-l` entry had the `notls:` prefix).
    var tls: Bool = false
}

enum Sockets {
    /// Splits a `-l` entry into host and optional port: `host`, `host:port`, `[v6]`, `[v6]:port`, bare v6.
    static func splitHostPort(_ entry: String) -> (host: String, port: Int?) {
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return (entry, nil) }
            let host = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if rest.hasPrefix(":"), let p = Int(rest.dropFirst()) { return (host, p) }
            return (host, nil)
        }
        let colons = entry.filter { $0 == ":" }.count
        if colons == 1, let idx = entry.firstIndex(of: ":") {
            let host = String(entry[..<idx])
            if let p = Int(entry[entry.index(after: idx)...]) { return (host, p) }
            return (host, nil)
        }
        return (entry, nil)
    }

    /// Binds every address `host` resolves to (all interfaces when nil) on `port` (0 = kernel's choice).
    static func bind(
        host: String?, port: Int, transport: Transport, backlog: Int
    ) throws(ServerError) -> [BoundSocket] {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_ADDRCONFIG
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(transport == .udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0, let first = res else {
            throw ServerError.address(host ?? "*", String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(first) }
        var out: [BoundSocket] = []
        var lastError: ServerError? = nil
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            cursor = ai.pointee.ai_next
            let fd = socket(
                ai.pointee.ai_family,
                ai.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue)
                    | Int32(SOCK_CLOEXEC.rawValue), ai.pointee.ai_protocol)
            if fd < 0 {
                // An address family the kernel lacks (e.g. no IPv6) is skipped, as memcached does.
                lastError = .system("socket", errno)
                continue
            }
            var one: Int32 = 1
            if ai.pointee.ai_family == AF_INET6 {
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if transport == .tcp {
                setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            if posixBind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) != 0 {
                let err = errno
                close(fd)
                if err == EADDRINUSE {
                    // When a v4 and a v6 wildcard share an ephemeral request, the kernel may already have
                    // handed the port out; any other EADDRINUSE is fatal (as memcached).
                    throw ServerError.system("bind \(host ?? "*"):\(port)", err)
                }
                lastError = .system("bind \(host ?? "*"):\(port)", err)
                continue
            }
            if transport != .udp && listen(fd, Int32(clamping: backlog)) != 0 {
                let err = errno
                close(fd)
                throw ServerError.system("listen", err)
            }
            if transport == .udp { enlargeUDPBuffers(fd) }
            let (addr, boundPort) = localAddress(fd, transport: transport)
            out.append(BoundSocket(fd: fd, transport: transport, address: addr, port: boundPort))
        }
        if out.isEmpty { throw lastError ?? .address(host ?? "*", "no usable address") }
        return out
    }

    /// Creates the unix socket at `path` with permissions `mask`, removing a stale socket file first.
    static func bindUnix(path: String, mask: UInt32, backlog: Int) throws(ServerError) -> BoundSocket {
        var st = stat()
        if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK {
            unlink(path)
        }
        let fd = socket(
            AF_UNIX,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket(AF_UNIX)", errno) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else {
            close(fd)
            throw .configuration("unix socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                posixBind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            let err = errno
            close(fd)
            throw .system("bind \(path)", err)
        }
        chmod(path, mode_t(mask & 0o777))
        guard listen(fd, Int32(clamping: backlog)) == 0 else {
            let err = errno
            close(fd)
            throw .system("listen \(path)", err)
        }
        return BoundSocket(fd: fd, transport: .unix, address: "unix:\(path)", port: 0)
    }

    /// Asks for large UDP socket buffers (memcached grows them as far as the kernel allows).
    static func enlargeUDPBuffers(_ fd: Int32) {
        var size: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// TCP_NODELAY for accepted TCP connections: responses are written in one batch already.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// `tcp:host:port` for the local side of `fd`, and the port.
    static func localAddress(_ fd: Int32, transport: Transport) -> (String, Int) {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { return ("\(transport.prefix):?", 0) }
        return format(&storage, transport: transport)
    }

    /// The peer of `fd`: its address as inet_ntop writes it and its port; "unix" and 0 for a unix
    /// socket, "?" and 0 when the peer is unknown.
    static func peerEndpoint(_ fd: Int32, transport: Transport) -> (host: String, port: Int) {
        if transport == .unix { return ("unix", 0) }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &len) == 0 }
        }
        guard ok else { return ("?", 0) }
        return endpoint(&storage)
    }

    /// `stats conns`' text for an endpoint: "tcp:1.2.3.4:5", "tcp:[::1]:5", "unix:", "tcp:?".
    static func text(host: String, port: Int, transport: Transport) -> String {
        switch host {
        case "unix": return "unix:"
        case "?": return "\(transport.prefix):?"
        default:
            return host.contains(":") ? "\(transport.prefix):[\(host)]:\(port)" : "\(transport.prefix):\(host):\(port)"
        }
    }

    static func format(_ storage: inout sockaddr_storage, transport: Transport) -> (String, Int) {
        let (host, port) = endpoint(&storage)
        return (text(host: host, port: port, transport: transport), port)
    }

    /// The address (inet_ntop's text) and port of a socket address; "unix" or "?" with port 0 otherwise.
    static func endpoint(_ storage: inout sockaddr_storage) -> (host: String, port: Int) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var a = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &a, &text, socklen_t(text.count))
                    return (cString(text), Int(UInt16(bigEndian: sin.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var a = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &a, &text, socklen_t(text.count))
                    return (cString(text), Int(UInt16(bigEndian: sin6.pointee.sin6_port)))
                }
            }
        case AF_UNIX:
            return ("unix", 0)
        default:
            return ("?", 0)
        }
    }

    /// A NUL-terminated C buffer as a String.
    static func cString(_ buffer: [CChar]) -> String {
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes all of `text` to a non-blocking socket, best effort (used for the max-connections refusal).
    static func writeBestEffort(_ fd: Int32, _ text: StaticString) {
        _ = text.withUTF8Buffer { buf in
            send(fd, buf.baseAddress, buf.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
    }
}
